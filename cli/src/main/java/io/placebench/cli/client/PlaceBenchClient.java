package io.placebench.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The REST calls of the cli to ingest-, inference- and analytics-service: JSON in, JSON out, clear errors. When it
 * has an API token it sends {@code Authorization: Bearer <token>} with every request; a 401/403 answer names where
 * that token came from (or that none was sent).
 */
public final class PlaceBenchClient {

    /** The services the cli talks to, with the option that points the cli elsewhere. */
    public enum Service {
        INGEST("ingest-service", "--ingest-url"),
        INFERENCE("inference-service", "--inference-url"),
        ANALYTICS("analytics-service", "--analytics-url");

        private final String title;
        private final String option;

        Service(String title, String option) {
            this.title = title;
            this.option = option;
        }

        public String title() {
            return title;
        }
    }

    private final String ingestUrl;
    private final String inferenceUrl;
    private final String analyticsUrl;
    private final String token;
    private final String tokenSource;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration requestTimeout;

    public PlaceBenchClient(String ingestUrl, String analyticsUrl) {
        this(ingestUrl, null, analyticsUrl, null, null, Duration.ofMinutes(5));
    }

    /**
     * @param token       the API token to send, or null
     * @param tokenSource where the token came from ("--token", "PLACEBENCH_TOKEN", the file), or where none was
     *                    found; used in the message of a 401/403 answer
     */
    public PlaceBenchClient(String ingestUrl, String inferenceUrl, String analyticsUrl, String token,
            String tokenSource, Duration requestTimeout) {
        this.ingestUrl = stripSlash(ingestUrl);
        this.inferenceUrl = inferenceUrl == null ? null : stripSlash(inferenceUrl);
        this.analyticsUrl = stripSlash(analyticsUrl);
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.tokenSource = tokenSource;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public boolean hasToken() {
        return token != null;
    }

    // ---------------------------------------------------------------------------------------- ingest

    /** {@code POST /api/datasets}: 201 created, 200 when it exists unchanged. */
    public JsonNode createDataset(String id, String name, String description) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("id", id);
        if (name != null) {
            body.put("name", name);
        }
        if (description != null) {
            body.put("description", description);
        }
        return post(Service.INGEST, ingestUrl + "/api/datasets", body);
    }

    /** {@code GET /api/datasets/{id}}; empty when the dataset does not exist (404). */
    public Optional<JsonNode> dataset(String id) {
        return orEmptyOn404(() -> get(Service.INGEST, ingestUrl + "/api/datasets/" + encode(id)));
    }

    /** {@code POST /api/datasets/{id}/imports}: imports a folder with a CSV manifest; returns the import report. */
    public JsonNode importFolder(String datasetId, String folder, String manifest) {
        return importFolder(datasetId, Map.of("folder", folder, "manifest", manifest));
    }

    /** {@code POST /api/datasets/{id}/imports} with a JSON body {@code {"folder","manifest","format","mapping"}}. */
    public JsonNode importFolder(String datasetId, Map<String, Object> body) {
        return post(Service.INGEST, ingestUrl + "/api/datasets/" + encode(datasetId) + "/imports", body);
    }

    /** {@code POST /api/datasets/{id}/imports} multipart (manifest, archive, manifestName, format, mapping). */
    public JsonNode importUpload(String datasetId, Multipart form) {
        return postMultipart(Service.INGEST, ingestUrl + "/api/datasets/" + encode(datasetId) + "/imports", form);
    }

    /** {@code POST /api/runs}. */
    public JsonNode createRun(String datasetId, String provider, String model, String promptId) {
        return post(Service.INGEST, ingestUrl + "/api/runs", Map.of("datasetId", datasetId, "provider", provider,
                "model", model, "promptId", promptId, "parameters", Map.of()));
    }

    /** {@code POST /api/runs/batch}: a dry run (200 estimate) or the created runs (201 {@code {"runs":[...]}}). */
    public JsonNode createRuns(Map<String, Object> body) {
        return post(Service.INGEST, ingestUrl + "/api/runs/batch", body);
    }

    /** {@code GET /api/runs} of ingest: run views, newest first. */
    public JsonNode runs() {
        return get(Service.INGEST, ingestUrl + "/api/runs");
    }

    /** {@code GET /api/runs/{id}} of ingest. */
    public JsonNode run(String runId) {
        return get(Service.INGEST, ingestUrl + "/api/runs/" + encode(runId));
    }

    /** {@code POST /api/runs/{id}/{action}} (start, pause, resume, cancel, retry) with an optional JSON body. */
    public JsonNode runAction(String runId, String action, Object body) {
        String url = ingestUrl + "/api/runs/" + encode(runId) + "/" + encode(action);
        if (body == null) {
            return send(Service.INGEST, request(url).POST(HttpRequest.BodyPublishers.noBody()).build());
        }
        return post(Service.INGEST, url, body);
    }

    /** {@code POST /api/results/imports} multipart (truth, results..., format, datasetId, promptId). */
    public JsonNode importResults(Multipart form) {
        return postMultipart(Service.INGEST, ingestUrl + "/api/results/imports", form);
    }

    // ------------------------------------------------------------------------------------- inference

    /** {@code GET /api/models[?provider=NAME]} of inference. */
    public JsonNode models(String provider) {
        return get(Service.INFERENCE, inference() + "/api/models"
                + (provider == null || provider.isBlank() ? "" : "?provider=" + encode(provider)));
    }

    /** {@code POST /api/estimate} of inference: tokens and cost of a run before it is made. */
    public JsonNode estimate(Map<String, Object> body) {
        return post(Service.INFERENCE, inference() + "/api/estimate", body);
    }

    private String inference() {
        if (inferenceUrl == null) {
            throw new IllegalStateException("this client was made without an inference-service URL");
        }
        return inferenceUrl;
    }

    // ------------------------------------------------------------------------------------- analytics

    /** {@code GET /api/runs/{id}} of analytics; empty while analytics has not heard of the run (404). */
    public Optional<JsonNode> runProgress(String runId) {
        return orEmptyOn404(() -> get(Service.ANALYTICS, analyticsUrl + "/api/runs/" + encode(runId)));
    }

    /** {@code GET /api/runs} of analytics: every run's scored/failed counts and spend. */
    public JsonNode analyticsRuns() {
        return get(Service.ANALYTICS, analyticsUrl + "/api/runs");
    }

    /** {@code GET /api/runs/{id}/regions?level=LEVEL}: accuracy per truth group, disparity, over-prediction. */
    public JsonNode regions(String runId, String level) {
        return get(Service.ANALYTICS, analyticsUrl + "/api/runs/" + encode(runId) + "/regions?level=" + encode(level));
    }

    /** {@code GET /api/leaderboard?dataset=ID}. */
    public JsonNode leaderboard(String datasetId) {
        return get(Service.ANALYTICS, analyticsUrl + "/api/leaderboard?dataset=" + encode(datasetId));
    }

    // ------------------------------------------------------------------------------------------ http

    private static Optional<JsonNode> orEmptyOn404(java.util.function.Supplier<JsonNode> call) {
        try {
            return Optional.of(call.get());
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private JsonNode get(Service service, String url) {
        return send(service, request(url).GET().build());
    }

    private JsonNode post(Service service, String url, Object body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return send(service, request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build());
    }

    private JsonNode postMultipart(Service service, String url, Multipart form) {
        return send(service, request(url).header("Content-Type", form.contentType()).POST(form.publisher()).build());
    }

    private JsonNode send(Service service, HttpRequest request) {
        String what = request.method() + " " + request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ApiException(what + " got no answer within " + requestTimeout.toSeconds() + " s", 0, null);
        } catch (ConnectException e) {
            throw new ApiException("could not reach " + service.title + " at " + baseOf(request.uri())
                    + " (" + what + ": connection refused): is the stack running (`placebench up`)? "
                    + "Otherwise pass " + service.option + " URL", 0, null);
        } catch (IOException e) {
            throw new ApiException(what + " failed: " + e, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(what + " was interrupted", 0, null);
        }
        String body = response.body();
        int status = response.statusCode();
        if (status / 100 != 2) {
            String message = what + " answered " + status + ": " + errorText(body);
            if (status == 401 || status == 403) {
                message += "\n" + tokenHint(status);
            }
            throw new ApiException(message, status, body);
        }
        try {
            return body == null || body.isBlank() ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            throw new ApiException(what + " answered something that is not JSON: " + abbreviate(body), status, body);
        }
    }

    private static String baseOf(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** What to do about a 401/403, naming where the token came from. */
    String tokenHint(int status) {
        String source = tokenSource == null ? "the caller" : tokenSource;
        if (token == null) {
            return "  No API token was sent (" + source + "). Pass --token TOKEN, set PLACEBENCH_TOKEN, or run "
                    + "where `placebench up` wrote its token (.placebench/token, or --state-dir DIR).";
        }
        if (status == 403) {
            return "  The API token from " + source + " is read-only; writes need a token with the write scope.";
        }
        return "  The API token from " + source + " was refused: it is not one this service accepts (a token of "
                + "another stack or state dir?). Pass --token TOKEN, set PLACEBENCH_TOKEN, or --state-dir DIR of "
                + "the stack you talk to.";
    }

    /**
     * The server's error body as text: {@code error} and one line per entry of {@code details}
     * ({@code field 'value': reason}); any other body as it is (abbreviated).
     */
    public String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject() && node.hasNonNull("error")) {
                StringBuilder sb = new StringBuilder(node.path("error").asText());
                for (JsonNode d : node.path("details")) {
                    sb.append("\n  - ");
                    String field = d.path("field").asText("");
                    if (!field.isEmpty()) {
                        sb.append(field);
                        if (d.hasNonNull("value")) {
                            sb.append(" '").append(d.path("value").asText()).append('\'');
                        }
                        sb.append(": ");
                    }
                    sb.append(d.path("reason").asText(d.toString()));
                }
                return sb.toString();
            }
        } catch (IOException e) {
            // not JSON: shown as it is
        }
        return abbreviate(body);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(no body)";
        }
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
