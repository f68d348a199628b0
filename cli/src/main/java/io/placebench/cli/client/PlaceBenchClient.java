package io.placebench.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The few REST calls the cli makes: JSON in, JSON out, clear errors. */
public final class PlaceBenchClient {

    private final String ingestUrl;
    private final String analyticsUrl;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration requestTimeout;

    public PlaceBenchClient(String ingestUrl, String analyticsUrl) {
        this(ingestUrl, analyticsUrl, Duration.ofMinutes(5));
    }

    public PlaceBenchClient(String ingestUrl, String analyticsUrl, Duration requestTimeout) {
        this.ingestUrl = stripSlash(ingestUrl);
        this.analyticsUrl = stripSlash(analyticsUrl);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // ---------------------------------------------------------------------------------------- ingest

    /** {@code POST /api/datasets}: 201 created, 200 when it exists unchanged. */
    public JsonNode createDataset(String id, String name, String description) {
        return post(ingestUrl + "/api/datasets", Map.of("id", id, "name", name, "description", description));
    }

    /** {@code POST /api/datasets/{id}/imports}: imports a folder with a CSV manifest; returns the import report. */
    public JsonNode importFolder(String datasetId, String folder, String manifest) {
        return post(ingestUrl + "/api/datasets/" + encode(datasetId) + "/imports",
                Map.of("folder", folder, "manifest", manifest));
    }

    /** {@code POST /api/runs}. */
    public JsonNode createRun(String datasetId, String provider, String model, String promptId) {
        return post(ingestUrl + "/api/runs", Map.of("datasetId", datasetId, "provider", provider, "model", model,
                "promptId", promptId, "parameters", Map.of()));
    }

    // ------------------------------------------------------------------------------------- analytics

    /** {@code GET /api/runs/{id}} of analytics; empty while analytics has not heard of the run (404). */
    public Optional<JsonNode> runProgress(String runId) {
        try {
            return Optional.of(get(analyticsUrl + "/api/runs/" + encode(runId)));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET /api/leaderboard?dataset=ID}. */
    public JsonNode leaderboard(String datasetId) {
        return get(analyticsUrl + "/api/leaderboard?dataset=" + encode(datasetId));
    }

    // ------------------------------------------------------------------------------------------ http

    public JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Accept", "application/json").GET().build());
    }

    public JsonNode post(String url, Object body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build());
    }

    private JsonNode send(HttpRequest request) {
        String what = request.method() + " " + request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(what + " failed: " + e, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(what + " was interrupted", 0, null);
        }
        String body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(what + " answered " + response.statusCode() + ": " + abbreviate(body),
                    response.statusCode(), body);
        }
        try {
            return body == null || body.isBlank() ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            throw new ApiException(what + " answered something that is not JSON: " + abbreviate(body),
                    response.statusCode(), body);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(no body)";
        }
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
