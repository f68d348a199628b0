package io.placebench.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files of {@code deploy/}, checked offline with the tools that read them: promtool (Debian package
 * {@code prometheus}) for the Prometheus configuration, the alert rules, their unit tests and every PromQL
 * expression of the Grafana dashboards, and docker-compose 1.29 (Debian package {@code docker-compose}) for the
 * Compose file. A missing tool fails the test: {@code .ci/run} installs both.
 */
class DeployFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = repositoryRoot();
    private static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");
    private static final Path DATASOURCES = ROOT.resolve("deploy/grafana/provisioning/datasources/datasources.yml");
    private static final Set<String> EXPECTED_DASHBOARDS = Set.of("runs.json", "providers.json", "pipeline.json",
            "leaderboard.json");

    @Test
    void prometheusConfigurationIsValid() {
        run("promtool", "check", "config", "deploy/prometheus/prometheus.yml");
    }

    @Test
    void alertRulesAreValid() {
        String out = run("promtool", "check", "rules", "deploy/prometheus/rules/placebench.rules.yml");
        assertTrue(out.contains("SUCCESS: 7 rules found"), "seven alerts expected:\n" + out);
    }

    @Test
    void alertRuleUnitTestsPass() {
        run("promtool", "test", "rules", "deploy/prometheus/tests/placebench.rules.test.yml");
    }

    @Test
    void composeFileIsValidForDockerCompose129() {
        run("docker-compose", "-f", "deploy/docker-compose.yml", "config", "-q");
    }

    @Test
    void dashboardsParseAndEveryPanelHasAProvisionedDatasource() throws IOException {
        Set<String> provisioned = provisionedDatasourceUids();
        assertEquals(Set.of("placebench-prometheus", "placebench-postgres"), provisioned);
        List<Path> files = dashboardFiles();
        Set<String> names = new HashSet<>();
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            names.add(file.getFileName().toString());
            JsonNode dashboard = parse(file);
            String where = file.getFileName().toString();
            assertTrue(uids.add(dashboard.path("uid").asText("")), where + ": missing or repeated dashboard uid");
            assertFalse(dashboard.path("title").asText("").isBlank(), where + ": no title");
            List<JsonNode> panels = panels(dashboard);
            assertFalse(panels.isEmpty(), where + ": no panels");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels) {
                String at = where + " panel '" + panel.path("title").asText() + "'";
                assertTrue(ids.add(panel.path("id").asInt(-1)), at + ": missing or repeated id");
                if ("row".equals(panel.path("type").asText())) {
                    continue;
                }
                JsonNode ds = panel.path("datasource");
                assertTrue(ds.isObject() && provisioned.contains(ds.path("uid").asText()),
                        at + ": datasource " + ds + " is not one of " + provisioned);
                JsonNode targets = panel.path("targets");
                assertTrue(targets.isArray() && !targets.isEmpty(), at + ": no targets");
                for (JsonNode target : targets) {
                    JsonNode tds = target.path("datasource");
                    if (!tds.isMissingNode()) {
                        assertTrue(provisioned.contains(tds.path("uid").asText()), at + ": target datasource " + tds);
                    }
                    if (isPrometheus(panel, target)) {
                        assertFalse(target.path("expr").asText("").isBlank(), at + ": Prometheus target without expr");
                    } else {
                        assertFalse(target.path("rawSql").asText("").isBlank(), at + ": SQL target without rawSql");
                    }
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                assertTrue(provisioned.contains(variable.path("datasource").path("uid").asText()),
                        where + " variable " + variable.path("name").asText() + ": datasource not provisioned");
            }
        }
        assertEquals(EXPECTED_DASHBOARDS, names);
    }

    /**
     * Every PromQL expression of every Prometheus panel target becomes a recording rule; {@code promtool check rules}
     * then parses them all. Grafana's variables are replaced first: intervals by {@code 5m}, others by {@code .*}
     * (they are only used in regex matchers).
     */
    @Test
    void everyDashboardPromqlExpressionParses(@TempDir Path dir) throws IOException {
        ArrayNode rules = JSON.createArrayNode();
        Map<String, Integer> perDashboard = new LinkedHashMap<>();
        for (Path file : dashboardFiles()) {
            String name = file.getFileName().toString().replace(".json", "").replaceAll("[^A-Za-z0-9_]", "_");
            int n = 0;
            for (JsonNode panel : panels(parse(file))) {
                for (JsonNode target : panel.path("targets")) {
                    if (!isPrometheus(panel, target)) {
                        continue;
                    }
                    n++;
                    ObjectNode rule = rules.addObject();
                    rule.put("record", "dashboard:" + name + ":panel" + panel.path("id").asInt() + "_"
                            + target.path("refId").asText("X"));
                    rule.put("expr", withStandIns(target.path("expr").asText()));
                }
            }
            perDashboard.put(name, n);
        }
        for (String promDashboard : List.of("runs", "providers", "pipeline")) {
            assertTrue(perDashboard.getOrDefault(promDashboard, 0) > 5,
                    "expected PromQL targets in " + promDashboard + ": " + perDashboard);
        }
        ObjectNode file = JSON.createObjectNode();
        ObjectNode group = file.putArray("groups").addObject();
        group.put("name", "dashboard-expressions");
        group.set("rules", rules);
        Path rulesFile = dir.resolve("dashboard-expressions.rules.yml");
        // JSON is YAML: promtool reads it as a rules file
        Files.writeString(rulesFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file));
        String out = run("promtool", "check", "rules", rulesFile.toString());
        assertTrue(out.contains("SUCCESS: " + rules.size() + " rules found"), out);
    }

    @Test
    void standInsReplaceGrafanaVariables() {
        assertEquals("rate(x{run=~\".*\"}[5m]) + y{p=~\".*\"}[5m]",
                withStandIns("rate(x{run=~\"$run\"}[$__rate_interval]) + y{p=~\"${provider}\"}[${__interval}]"));
    }

    static String withStandIns(String expr) {
        String s = expr.replaceAll("\\$\\{?__(rate_interval|interval|range)(_s|_ms)?\\}?", "5m");
        return s.replaceAll("\\$\\{\\w+(:\\w+)?\\}|\\$\\w+", ".*");
    }

    private static boolean isPrometheus(JsonNode panel, JsonNode target) {
        JsonNode ds = target.path("datasource").isObject() ? target.path("datasource") : panel.path("datasource");
        return "prometheus".equals(ds.path("type").asText());
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add); // panels of a collapsed row
        }
        return all;
    }

    private static JsonNode parse(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return fail(file + " is not valid JSON: " + e.getMessage());
        }
    }

    private static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static Set<String> provisionedDatasourceUids() throws IOException {
        Set<String> uids = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^\\s+uid:\\s*(\\S+)\\s*$").matcher(Files.readString(DATASOURCES));
        while (m.find()) {
            uids.add(m.group(1));
        }
        return uids;
    }

    /** Runs a command in the repository root; fails with its output unless it exits with 0. */
    private static String run(String... command) {
        if (!onPath(command[0])) {
            fail(command[0] + " is not installed: .ci/run installs it (Debian packages prometheus for promtool, "
                    + "docker-compose for docker-compose; apt-get install -y prometheus docker-compose)");
        }
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] bytes = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 120 s");
            }
            String out = new String(bytes, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + out);
            return out;
        } catch (IOException e) {
            return fail(String.join(" ", command) + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path root = module.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("deploy/docker-compose.yml"))) {
            throw new IllegalStateException("not run from the deploy module of a PlaceBench checkout: " + module);
        }
        return root;
    }
}
