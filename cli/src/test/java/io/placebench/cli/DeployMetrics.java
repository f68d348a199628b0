package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.cli.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every metric that deploy/'s alert rules and Grafana dashboards query exists: in the {@code /q/metrics} of the
 * running services after a run, or, for a meter a service registers only when its event first happens, in the
 * list below with that event, and then at least in the services' sources under its Micrometer name.
 */
final class DeployMetrics {

    /** Meters that appear with their first event (a counter with tags is registered when it is first counted). */
    static final Map<String, String> ON_FIRST_EVENT = Map.ofEntries(
            Map.entry("placebench_inference_retries_total", "a provider call retried (429, 5xx, timeout)"),
            Map.entry("placebench_inference_queue_leases_expired_total", "a lease of a dead worker taken over"),
            Map.entry("placebench_inference_dead_letters_total", "a request that can never be processed"),
            Map.entry("placebench_inference_ratelimit_wait_seconds_bucket", "a call waiting for its rate token"),
            Map.entry("placebench_ingest_runs_halted_total", "a run paused or out of budget"),
            Map.entry("placebench_ingest_consumer_retries_total", "a transient failure of an ingest consumer"),
            Map.entry("placebench_ingest_outbox_failures_total", "a send of ingest's outbox failing"),
            Map.entry("placebench_scoring_transient_retries_total", "a transient failure of a scoring consumer"),
            Map.entry("placebench_scoring_batch_split_total", "a scoring batch failing permanently"),
            Map.entry("placebench_analytics_transient_retries_total", "a transient failure of an analytics consumer"),
            Map.entry("placebench_analytics_run_progress", "a run in progress (removed when it ends)"),
            Map.entry("placebench_analytics_run_failed", "a run in progress (removed when it ends)"),
            Map.entry("placebench_analytics_run_spend_usd", "a run in progress (removed when it ends)"),
            Map.entry("placebench_analytics_run_budget_usd", "a run in progress (removed when it ends)"),
            Map.entry("placebench_analytics_run_mean_score", "a run in progress (removed when it ends)"),
            Map.entry("placebench_analytics_run_acc25km", "a run in progress (removed when it ends)"));

    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:placebench|kafka|jvm|process|http_server|system)_[a-z0-9_]+)");
    private static final Pattern SUFFIX = Pattern.compile("_(total|bucket|count|sum|max|seconds|usd)$");

    private DeployMetrics() {
    }

    static void assertEveryMetricExists(LocalStack stack, Path repository) throws Exception {
        Set<String> exposed = new TreeSet<>();
        for (String url : List.of(stack.ingestUrl(), stack.inferenceUrl(), stack.scoringUrl(), stack.analyticsUrl())) {
            exposed.addAll(scrape(url + "/q/metrics"));
        }
        Set<String> used = usedByDeploy(repository);
        assertTrue(used.size() > 30, "deploy/ queries " + used);
        String sources = serviceSources(repository);
        Set<String> missing = new TreeSet<>();
        for (String name : used) {
            if (exposed.contains(name)) {
                continue;
            }
            if (!ON_FIRST_EVENT.containsKey(name)
                    || micrometerNames(name).stream().noneMatch(meter -> sources.contains('"' + meter + '"'))) {
                missing.add(name);
            }
        }
        assertEquals(Set.of(), missing, "metrics deploy/ queries that no service exposes");
    }

    /** The metric names of a Prometheus scrape. */
    static Set<String> scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        Set<String> names = new TreeSet<>();
        response.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /** The metric names in deploy/'s rules and dashboards. */
    static Set<String> usedByDeploy(Path repository) throws IOException {
        Set<String> names = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> dashboards = Files.list(repository.resolve("deploy/grafana/dashboards"))) {
            files = Stream.concat(Stream.of(repository.resolve("deploy/prometheus/rules/placebench.rules.yml")),
                    dashboards.filter(p -> p.toString().endsWith(".json"))).toList();
        }
        for (Path file : files) {
            Matcher m = METRIC.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * The Micrometer names a Prometheus name may come from, each suffix Micrometer adds taken off in turn:
     * {@code placebench_inference_retries_total} → {@code placebench.inference.retries.total},
     * {@code placebench.inference.retries}.
     */
    static List<String> micrometerNames(String prometheus) {
        List<String> names = new java.util.ArrayList<>();
        String name = prometheus;
        names.add(name.replace('_', '.'));
        for (Matcher m = SUFFIX.matcher(name); m.find(); m = SUFFIX.matcher(name)) {
            name = name.substring(0, m.start());
            names.add(name.replace('_', '.'));
        }
        return names;
    }

    private static String serviceSources(Path repository) {
        StringBuilder all = new StringBuilder();
        for (String service : List.of("ingest-service", "inference-service", "scoring-service", "analytics-service")) {
            try (Stream<Path> files = Files.walk(repository.resolve(service).resolve("src/main/java"))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }
}
