package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny test client over java.net.http: real HTTP over loopback. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String root; // http://127.0.0.1:PORT

    Http(SimulatorServer server) {
        this.root = "http://127.0.0.1:" + server.port();
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(root + path)).GET());
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(root + path)).DELETE());
    }

    Response post(String path, String body, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return send(b);
    }

    Response postWith(String path, String body, java.util.Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b);
    }

    Response chat(ObjectNode request) {
        return post("/v1/chat/completions", request.toString(), null);
    }

    private Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A typical benchmark request: system prompt, user text and one image, JSON schema output. */
    static ObjectNode chatRequest(String model, String imageUrl) {
        ObjectNode req = JSON.createObjectNode();
        req.put("model", model);
        ArrayNode messages = req.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are an expert in image geolocation.");
        ObjectNode user = messages.addObject().put("role", "user");
        ArrayNode content = user.putArray("content");
        content.addObject().put("type", "text").put("text", "Where was this photo taken? Answer in JSON.");
        if (imageUrl != null) {
            ObjectNode image = content.addObject().put("type", "image_url");
            image.putObject("image_url").put("url", imageUrl).put("detail", "high");
        }
        ObjectNode rf = req.putObject("response_format").put("type", "json_schema");
        rf.putObject("json_schema").put("name", "geo_guess").put("strict", true).putObject("schema").put("type", "object");
        req.put("max_completion_tokens", 1024);
        req.put("temperature", 0.0);
        return req;
    }
}
