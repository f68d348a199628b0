package io.placebench.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the kustomize overlays with {@code kubectl kustomize}, validates every rendered object with
 * {@code validate/validate.mjs} (kubernetes-models schemas of Kubernetes, Strimzi, CloudNativePG, KEDA and the
 * Prometheus Operator, unknown fields rejected) and checks what the manifests promise against the sources they must
 * follow: Topics.java, docs/reliability.md, each service's application.properties, and deploy/'s alert rules and
 * Grafana dashboards (of which k8s/base/monitoring holds generated copies).
 *
 * <p>Needs kubectl (with kustomize), node and npm. When one is missing the test fails and names it: {@code .ci/run}
 * must install it. Nothing is skipped.
 */
class KustomizeTest {

    static final List<String> SERVICES = List.of("ingest-service", "inference-service", "scoring-service",
            "analytics-service");
    /** Secrets must never be literal env values: names like these come from secretKeyRef only. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|TOKEN|PASSWORD|SECRET|JAAS|CREDENTIAL).*",
            Pattern.CASE_INSENSITIVE);
    /**
     * Topics written through the outbox relays, whose channel's configured topic is a default never used (the topic
     * is set per record): ingest-service/README.md and inference-service/README.md ("Topics").
     */
    static final Map<String, Set<String>> OUTBOX_TOPICS = Map.of(
            "ingest-service", Set.of("images", "inference.requests", "runs"),
            "inference-service", Set.of("predictions", "runs", "inference-service.inference.requests.dlq"));

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String REGENERATE = "k8s/base/monitoring is not what deploy/ holds: run k8s/regenerate-monitoring.sh"
            + " (and commit its output; a new dashboard also needs a configMapGenerator entry in"
            + " k8s/base/kustomization.yaml)";
    static Path module;
    static Path repo;
    static List<JsonNode> dev;
    static List<JsonNode> prod;

    @BeforeAll
    static void renderOverlays() throws Exception {
        module = Path.of("").toAbsolutePath();
        if (!Files.exists(module.resolve("overlays"))) {
            module = module.resolve("k8s");
        }
        repo = module.getParent();
        requireTool("kubectl", List.of("kubectl", "version", "--client"),
                "Debian package kubernetes-client, or the upstream kubectl binary; it must include `kubectl kustomize`");
        requireTool("node", List.of("node", "--version"), "Debian package nodejs (Node 20 or newer)");
        requireTool("npm", List.of("npm", "--version"), "Debian package npm");
        Path validate = module.resolve("validate");
        Path installed = validate.resolve("node_modules/.package-lock.json");
        if (!Files.exists(installed) || Files.getLastModifiedTime(installed)
                .compareTo(Files.getLastModifiedTime(validate.resolve("package-lock.json"))) < 0) {
            Result npm = run(List.of("npm", "ci", "--prefix", validate.toString(), "--no-audit", "--no-fund"), null,
                    Duration.ofMinutes(5));
            assertEquals(0, npm.code, () -> "npm ci --prefix k8s/validate failed:\n" + npm.stderr + npm.stdout);
        }
        dev = renderAndValidate(module.resolve("overlays/dev"));
        prod = renderAndValidate(module.resolve("overlays/prod"));
    }

    @Test
    void bothOverlaysRenderAndEveryObjectValidates() {
        assertFalse(dev.isEmpty());
        assertFalse(prod.isEmpty());
        for (List<JsonNode> objects : List.of(dev, prod)) {
            for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster", "Deployment",
                    "Service", "ConfigMap", "ScaledObject", "ServiceMonitor", "PrometheusRule", "NetworkPolicy")) {
                assertFalse(ofKind(objects, kind).isEmpty(), "no " + kind);
            }
            assertEquals(4, ofKind(objects, "ServiceMonitor").size());
            // Secrets are created by the cluster's operator (secrets.example.yaml), never rendered from here
            assertTrue(ofKind(objects, "Secret").isEmpty(), "a Secret is rendered");
        }
    }

    @Test
    void theValidatorRejectsUnknownFieldsUnknownKindsAndBadTypes() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: c, image: i, imagePullPolicyy: Always}]
                ---
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: s}
                spec: {scaleTargetRef: {name: d}, minReplicaCount: "two", triggers: []}
                ---
                apiVersion: example.com/v1
                kind: Gadget
                metadata: {name: g}
                """;
        Result result = run(List.of("node", module.resolve("validate/validate.mjs").toString()), yaml,
                Duration.ofMinutes(1));
        assertEquals(1, result.code, result.stderr);
        assertTrue(result.stderr.contains("/spec/template/spec/containers/0/imagePullPolicyy: unknown field"),
                result.stderr);
        assertTrue(result.stderr.contains("ScaledObject s:") && result.stderr.contains("minReplicaCount"),
                result.stderr);
        assertTrue(result.stderr.contains("unknown kind"), result.stderr);
    }

    @Test
    void thePrometheusRuleHasExactlyTheGroupsOfTheDeployRulesFile() throws IOException {
        JsonNode deployGroups = YAML.readTree(repo.resolve("deploy/prometheus/rules/placebench.rules.yml").toFile())
                .path("groups");
        assertTrue(deployGroups.isArray() && !deployGroups.isEmpty(), "deploy/prometheus/rules: no groups");
        for (List<JsonNode> objects : List.of(dev, prod)) {
            List<JsonNode> rules = ofKind(objects, "PrometheusRule");
            assertEquals(1, rules.size(), "PrometheusRules rendered");
            JsonNode rule = rules.get(0);
            JsonNode groups = rule.at("/spec/groups");
            if (!deployGroups.equals(groups)) {
                fail(REGENERATE + ". Alerts differing: " + differingAlerts(deployGroups, groups));
            }
            // the labels a Prometheus' ruleSelector conventionally matches (k8s/README.md, "Monitoring")
            assertEquals("alert-rules", rule.at("/metadata/labels/role").asText(), name(rule));
            assertFalse(rule.at("/metadata/labels/release").asText().isEmpty(), name(rule) + " has no release label");
        }
    }

    @Test
    void eachDashboardOfDeployIsAConfigMapForTheGrafanaSidecarWithTheSameJson() throws IOException {
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        try (var files = Files.list(repo.resolve("deploy/grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                expected.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        }
        assertTrue(expected.size() >= 4, "deploy/grafana/dashboards: " + expected.keySet());
        for (List<JsonNode> objects : List.of(dev, prod)) {
            List<JsonNode> dashboards = ofKind(objects, "ConfigMap").stream()
                    .filter(c -> c.at("/metadata/labels/grafana_dashboard").asText().equals("1")).toList();
            Set<String> rendered = new TreeSet<>();
            for (JsonNode configMap : dashboards) {
                assertEquals("PlaceBench", configMap.at("/metadata/annotations/grafana_folder").asText(),
                        name(configMap) + "'s folder annotation");
                configMap.path("data").fieldNames().forEachRemaining(rendered::add);
            }
            assertEquals(new TreeSet<>(expected.keySet()), rendered, REGENERATE);
            for (var dashboard : expected.entrySet()) {
                JsonNode configMap = dashboards.stream().filter(c -> c.path("data").has(dashboard.getKey()))
                        .findFirst().orElseThrow();
                assertEquals(1, configMap.path("data").size(), name(configMap) + ": one dashboard per ConfigMap");
                JsonNode copy = JSON.readTree(configMap.path("data").path(dashboard.getKey()).asText());
                assertTrue(dashboard.getValue().equals(copy), () -> "ConfigMap " + name(configMap) + " differs from"
                        + " deploy/grafana/dashboards/" + dashboard.getKey() + ": " + REGENERATE);
            }
        }
    }

    /** Names of the alerts (or recording rules) that differ between two lists of rule groups, for the message. */
    static Set<String> differingAlerts(JsonNode expectedGroups, JsonNode actualGroups) {
        Map<String, JsonNode> expected = rulesByName(expectedGroups);
        Map<String, JsonNode> actual = rulesByName(actualGroups);
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        names.removeIf(n -> expected.containsKey(n) && expected.get(n).equals(actual.get(n)));
        if (names.isEmpty()) {
            names.add("(none: the groups' names, order or settings)");
        }
        return names;
    }

    static Map<String, JsonNode> rulesByName(JsonNode groups) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                rules.put(group.path("name").asText() + "/" + rule.path("alert").asText(rule.path("record").asText()),
                        rule);
            }
        }
        return rules;
    }

    @Test
    void devHasOneBrokerAndProdThree() {
        assertEquals(1, brokers(dev));
        assertEquals(3, brokers(prod));
        Map<String, Integer> prodDeployments = replicas(prod);
        SERVICES.forEach(s -> assertTrue(prodDeployments.get(s) >= 2, s + " has one replica in prod"));
        assertEquals(3, ofKind(prod, "Cluster").get(0).at("/spec/instances").asInt());
        assertEquals("3", ofKind(prod, "Kafka").get(0).at("/spec/kafka/config/default.replication.factor").asText());
        assertEquals("2", ofKind(prod, "Kafka").get(0).at("/spec/kafka/config/min.insync.replicas").asText());
    }

    @Test
    void prodHasDisruptionBudgetsAndLimitsOnEveryContainer() {
        List<JsonNode> pdbs = ofKind(prod, "PodDisruptionBudget");
        for (JsonNode deployment : ofKind(prod, "Deployment")) {
            JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
            assertTrue(pdbs.stream().anyMatch(pdb -> selects(pdb.at("/spec/selector/matchLabels"), podLabels)),
                    "no PodDisruptionBudget for " + name(deployment));
            for (JsonNode container : containers(deployment)) {
                for (String resource : List.of("cpu", "memory")) {
                    assertTrue(container.at("/resources/limits/" + resource).isTextual()
                                    || container.at("/resources/limits/" + resource).isNumber(),
                            name(deployment) + "/" + container.path("name").asText() + " has no " + resource + " limit");
                    assertFalse(container.at("/resources/requests/" + resource).isMissingNode(),
                            name(deployment) + " has no " + resource + " request");
                }
            }
        }
        for (JsonNode deployment : ofKind(dev, "Deployment")) {
            containers(deployment).forEach(c -> assertFalse(c.at("/resources/requests/memory").isMissingNode(),
                    name(deployment) + " has no memory request in dev"));
        }
    }

    @Test
    void everyTopicAndDeadLetterTopicHasAKafkaTopic() throws IOException {
        Set<String> expected = new TreeSet<>(topicsOfTopicsJava());
        assertTrue(expected.containsAll(Set.of("images", "inference.requests", "predictions", "scores", "runs")),
                "Topics.java parsed as " + expected);
        Set<String> deadLetters = deadLetterTopicsOfReliabilityDoc();
        assertTrue(deadLetters.size() >= 8, "docs/reliability.md parsed as " + deadLetters);
        expected.addAll(deadLetters);
        for (String service : SERVICES) {
            expected.addAll(channels(service).deadLetterTopics());
        }
        for (List<JsonNode> objects : List.of(dev, prod)) {
            Set<String> declared = ofKind(objects, "KafkaTopic").stream()
                    .map(t -> t.at("/spec/topicName").asText(name(t))).collect(Collectors.toCollection(TreeSet::new));
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(declared);
            assertTrue(missing.isEmpty(), "no KafkaTopic for " + missing);
            JsonNode requests = ofKind(objects, "KafkaTopic").stream()
                    .filter(t -> "inference.requests".equals(t.at("/spec/topicName").asText())).findFirst().orElseThrow();
            assertEquals(24, requests.at("/spec/partitions").asInt());
        }
    }

    @Test
    void eachKafkaUserMayUseExactlyItsServicesTopicsAndGroup() throws IOException {
        for (List<JsonNode> objects : List.of(dev, prod)) {
            for (String service : SERVICES) {
                Channels channels = channels(service);
                Set<String> expected = new TreeSet<>();
                channels.groups.forEach(g -> expected.add("group " + g + " Read"));
                channels.reads.forEach(t -> expected.add("topic " + t + " Read"));
                channels.writes.forEach(t -> expected.add("topic " + t + " Write"));
                OUTBOX_TOPICS.getOrDefault(service, Set.of()).forEach(t -> expected.add("topic " + t + " Write"));
                assertEquals(Set.of(service), channels.groups, service + "'s consumer group");

                JsonNode user = ofKind(objects, "KafkaUser").stream().filter(u -> name(u).equals(service)).findFirst()
                        .orElseThrow(() -> new AssertionError("no KafkaUser " + service));
                assertEquals("scram-sha-512", user.at("/spec/authentication/type").asText());
                Set<String> granted = new TreeSet<>();
                for (JsonNode acl : user.at("/spec/authorization/acls")) {
                    assertEquals("literal", acl.at("/resource/patternType").asText("literal"), "prefix ACL " + acl);
                    assertEquals("allow", acl.path("type").asText("allow"));
                    for (JsonNode op : acl.path("operations")) {
                        granted.add(acl.at("/resource/type").asText() + " " + acl.at("/resource/name").asText() + " "
                                + op.asText());
                    }
                }
                assertEquals(expected, granted, service + "'s ACLs");
            }
        }
    }

    @Test
    void theScaledObjectScalesTheRenderedInferenceDeploymentEvenWithANamePrefix(@TempDir Path temp)
            throws IOException {
        for (List<JsonNode> objects : List.of(dev, prod)) {
            assertScalesInference(objects, "inference-service");
        }
        Path overlay = temp.resolve("prefixed");
        Files.createDirectories(overlay);
        String base = overlay.relativize(module.resolve("overlays/prod")).toString().replace('\\', '/');
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namePrefix: team-a-
                nameSuffix: -blue
                resources:
                  - %s
                """.formatted(base));
        List<JsonNode> prefixed = renderAndValidate(overlay);
        assertScalesInference(prefixed, "team-a-inference-service-blue");
        // the same configuration keeps the other name references intact
        String kafka = name(ofKind(prefixed, "Kafka").get(0));
        assertEquals("team-a-placebench-blue", kafka);
        for (String kind : List.of("KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            ofKind(prefixed, kind).forEach(o -> assertEquals(kafka, o.at("/metadata/labels/strimzi.io~1cluster")
                    .asText(), kind + " " + name(o) + " names another Kafka cluster"));
        }
        Set<String> users = ofKind(prefixed, "KafkaUser").stream().map(KustomizeTest::name).collect(Collectors.toSet());
        for (JsonNode deployment : ofKind(prefixed, "Deployment")) {
            for (JsonNode env : containers(deployment).get(0).path("env")) {
                if (env.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                    assertTrue(users.contains(env.at("/valueFrom/secretKeyRef/name").asText()),
                            name(deployment) + " reads the Secret of no KafkaUser");
                }
            }
        }
        String cluster = name(ofKind(prefixed, "Cluster").get(0));
        JsonNode dbPolicy = ofKind(prefixed, "NetworkPolicy").stream()
                .filter(p -> p.at("/spec/podSelector/matchLabels").has("cnpg.io/cluster")).findFirst().orElseThrow();
        assertEquals(cluster, dbPolicy.at("/spec/podSelector/matchLabels/cnpg.io~1cluster").asText());
    }

    @Test
    void noContainerHasALiteralSecret() {
        for (List<JsonNode> objects : List.of(dev, prod)) {
            for (JsonNode deployment : ofKind(objects, "Deployment")) {
                for (JsonNode container : containers(deployment)) {
                    for (JsonNode env : container.path("env")) {
                        String var = env.path("name").asText();
                        if (SECRET_NAME.matcher(var).matches()) {
                            assertTrue(env.path("value").isMissingNode(), name(deployment) + " sets " + var
                                    + " literally");
                            assertFalse(env.at("/valueFrom/secretKeyRef/name").asText().isEmpty(), name(deployment)
                                    + " takes " + var + " from elsewhere than a Secret");
                        }
                    }
                }
            }
            for (JsonNode configMap : ofKind(objects, "ConfigMap")) {
                configMap.path("data").fieldNames().forEachRemaining(key -> assertFalse(
                        SECRET_NAME.matcher(key).matches(), "ConfigMap " + name(configMap) + " holds " + key));
            }
        }
        // provider keys and API tokens are wired at all
        JsonNode inference = deployment(prod, "inference-service");
        Set<String> inferenceEnv = envNames(inference);
        assertTrue(inferenceEnv.containsAll(Set.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY")),
                inferenceEnv.toString());
        assertTrue(envNames(deployment(prod, "ingest-service")).contains("PLACEBENCH_AUTH_TOKEN_HASHES"));
    }

    @Test
    void probesAndTheGracePeriodMatchTheDrain() {
        for (List<JsonNode> objects : List.of(dev, prod)) {
            for (String service : SERVICES) {
                JsonNode deployment = deployment(objects, service);
                JsonNode container = containers(deployment).get(0);
                assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText(), service);
                assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText(), service);
                assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText(), service);
                assertTrue(container.at("/lifecycle/preStop/sleep/seconds").asInt() > 0, service + " has no preStop");
            }
            JsonNode inference = deployment(objects, "inference-service");
            JsonNode container = containers(inference).get(0);
            int preStop = container.at("/lifecycle/preStop/sleep/seconds").asInt();
            String drain = StreamSupport.stream(container.path("env").spliterator(), false)
                    .filter(e -> e.path("name").asText().equals("PLACEBENCH_DISPATCH_DRAIN_TIMEOUT"))
                    .map(e -> e.path("value").asText()).findFirst().orElse("20s");
            int drainSeconds = Integer.parseInt(drain.replaceAll("s$", ""));
            assertEquals(20, drainSeconds, "docs/reliability.md: running calls get 20 s");
            // inference-service/README.md: grace above drain-timeout + 10 s; the preStop sleep counts against it
            int grace = inference.at("/spec/template/spec/terminationGracePeriodSeconds").asInt();
            assertTrue(grace >= preStop + drainSeconds + 10, "grace " + grace + " s < preStop " + preStop
                    + " + drain " + drainSeconds + " + 10");
        }
    }

    @Test
    void theExampleSecretsValidateAndAreInNoKustomization() throws IOException {
        Path example = module.resolve("base/secrets.example.yaml");
        Result result = run(List.of("node", module.resolve("validate/validate.mjs").toString()),
                Files.readString(example), Duration.ofMinutes(1));
        assertEquals(0, result.code, result.stderr);
        try (var files = Files.walk(module.resolve("base"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList()) {
                assertFalse(Files.readString(file).contains("- secrets.example.yaml"), file.toString());
            }
        }
        for (String overlay : List.of("dev", "prod")) {
            assertFalse(Files.readString(module.resolve("overlays/" + overlay + "/kustomization.yaml"))
                    .contains("secrets.example"), overlay);
        }
        // every Secret a Deployment or the database needs by name is in the example
        Set<String> exampleNames = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^kind: Secret\\nmetadata:\\n  name: (\\S+)").matcher(Files.readString(example));
        while (m.find()) {
            exampleNames.add(m.group(1));
        }
        Set<String> users = ofKind(prod, "KafkaUser").stream().map(KustomizeTest::name).collect(Collectors.toSet());
        Set<String> needed = new TreeSet<>();
        for (JsonNode deployment : ofKind(prod, "Deployment")) {
            containers(deployment).forEach(c -> c.path("env").forEach(e -> {
                String secret = e.at("/valueFrom/secretKeyRef/name").asText();
                if (!secret.isEmpty() && !users.contains(secret)) {
                    needed.add(secret);
                }
            }));
        }
        ofKind(prod, "Cluster").get(0).at("/spec/managed/roles")
                .forEach(r -> needed.add(r.at("/passwordSecret/name").asText()));
        needed.removeAll(exampleNames);
        assertTrue(needed.isEmpty(), "secrets.example.yaml lacks " + needed);
    }

    // ---- sources of truth ----

    static Set<String> topicsOfTopicsJava() throws IOException {
        String source = Files.readString(repo.resolve("events/src/main/java/io/placebench/events/Topics.java"));
        Set<String> topics = new TreeSet<>();
        Matcher m = Pattern.compile("public static final String (\\w+) = \"([^\"]+)\";").matcher(source);
        while (m.find()) {
            if (!m.group(1).equals("DLQ_SUFFIX")) {
                topics.add(m.group(2));
            }
        }
        return topics;
    }

    /** Every `<service>.<topic>.dlq` named in docs/reliability.md, with `{a,b}` lists expanded. */
    static Set<String> deadLetterTopicsOfReliabilityDoc() throws IOException {
        String doc = Files.readString(repo.resolve("docs/reliability.md"));
        Set<String> topics = new TreeSet<>();
        Matcher m = Pattern.compile("([a-z]+-service)\\.(\\{[a-z.,]+\\}|[a-z.]+?)\\.dlq").matcher(doc);
        while (m.find()) {
            String part = m.group(2);
            List<String> names = part.startsWith("{") ? List.of(part.substring(1, part.length() - 1).split(","))
                    : List.of(part);
            names.forEach(n -> topics.add(m.group(1) + "." + n + ".dlq"));
        }
        return topics;
    }

    record Channels(Set<String> reads, Set<String> writes, Set<String> groups, Set<String> deadLetterTopics) {
    }

    /** Incoming and outgoing topics, consumer groups and dead-letter topics of a service's application.properties. */
    static Channels channels(String service) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(repo.resolve(service + "/src/main/resources/application.properties"))) {
            props.load(in);
        }
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> deadLetters = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).trim();
            if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                reads.add(value);
            } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id")) {
                groups.add(value);
            } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.dead-letter-queue\\.topic")) {
                writes.add(value);
                deadLetters.add(value);
            } else if (key.matches("mp\\.messaging\\.outgoing\\.[^.]+\\.topic")
                    && !key.equals("mp.messaging.outgoing.outbox.topic")) {
                writes.add(value);
                if (value.endsWith(".dlq")) {
                    deadLetters.add(value);
                }
            }
        }
        return new Channels(reads, writes, groups, deadLetters);
    }

    // ---- rendered objects ----

    static int brokers(List<JsonNode> objects) {
        return ofKind(objects, "KafkaNodePool").stream()
                .filter(p -> StreamSupport.stream(p.at("/spec/roles").spliterator(), false)
                        .anyMatch(r -> r.asText().equals("broker")))
                .mapToInt(p -> p.at("/spec/replicas").asInt()).sum();
    }

    static Map<String, Integer> replicas(List<JsonNode> objects) {
        Map<String, Integer> replicas = new LinkedHashMap<>();
        ofKind(objects, "Deployment").forEach(d -> replicas.put(name(d), d.at("/spec/replicas").asInt(1)));
        return replicas;
    }

    static void assertScalesInference(List<JsonNode> objects, String expectedName) {
        List<JsonNode> scaledObjects = ofKind(objects, "ScaledObject");
        assertEquals(1, scaledObjects.size());
        JsonNode target = scaledObjects.get(0).at("/spec/scaleTargetRef");
        assertEquals(expectedName, target.path("name").asText());
        assertEquals("Deployment", target.path("kind").asText("Deployment"));
        JsonNode deployment = ofKind(objects, "Deployment").stream().filter(d -> name(d).equals(expectedName))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment " + expectedName));
        assertEquals("inference-service", deployment.at("/metadata/labels/app.kubernetes.io~1name").asText());
        JsonNode spec = scaledObjects.get(0).path("spec");
        assertTrue(spec.path("minReplicaCount").asInt() >= 1, "the backlog gauge needs a running replica");
        assertTrue(spec.path("maxReplicaCount").asInt() > spec.path("minReplicaCount").asInt());
        assertTrue(spec.path("cooldownPeriod").asInt() > 0);
        JsonNode trigger = spec.at("/triggers/0");
        assertEquals("prometheus", trigger.path("type").asText());
        assertTrue(trigger.at("/metadata/query").asText().contains("placebench_inference_queue_depth"));
        assertNotEquals("", trigger.at("/metadata/threshold").asText());
    }

    static JsonNode deployment(List<JsonNode> objects, String service) {
        return ofKind(objects, "Deployment").stream().filter(d -> name(d).equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + service));
    }

    static List<JsonNode> containers(JsonNode deployment) {
        List<JsonNode> containers = new ArrayList<>();
        deployment.at("/spec/template/spec/containers").forEach(containers::add);
        deployment.at("/spec/template/spec/initContainers").forEach(containers::add);
        return containers;
    }

    static Set<String> envNames(JsonNode deployment) {
        Set<String> names = new TreeSet<>();
        containers(deployment).forEach(c -> c.path("env").forEach(e -> names.add(e.path("name").asText())));
        return names;
    }

    static boolean selects(JsonNode matchLabels, JsonNode labels) {
        if (!matchLabels.isObject() || matchLabels.isEmpty()) {
            return false;
        }
        var fields = matchLabels.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().asText().equals(labels.path(field.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }

    // ---- processes ----

    static List<JsonNode> renderAndValidate(Path kustomization) {
        Result render = run(List.of("kubectl", "kustomize", kustomization.toString()), null, Duration.ofMinutes(2));
        assertEquals(0, render.code, () -> "kubectl kustomize " + kustomization + " failed:\n" + render.stderr);
        Result validation = run(List.of("node", module.resolve("validate/validate.mjs").toString(), "--json"),
                render.stdout, Duration.ofMinutes(2));
        assertEquals(0, validation.code, () -> "objects of " + module.relativize(kustomization)
                + " fail validation:\n" + validation.stderr);
        try {
            List<JsonNode> objects = new ArrayList<>();
            JSON.readTree(validation.stdout).forEach(objects::add);
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void requireTool(String tool, List<String> probe, String install) {
        Result result;
        try {
            result = run(probe, null, Duration.ofMinutes(1));
        } catch (UncheckedIOException e) {
            result = new Result(-1, "", String.valueOf(e.getCause().getMessage()));
        }
        if (result.code != 0) {
            fail(tool + " is missing or broken (" + String.join(" ", probe) + ": " + result.stderr.strip() + "). "
                    + "KustomizeTest needs it to render and validate k8s/: .ci/run must install " + tool + " ("
                    + install + ").");
        }
    }

    record Result(int code, String stdout, String stderr) {
    }

    static Result run(List<String> command, String stdin, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).directory(repo.toFile()).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
