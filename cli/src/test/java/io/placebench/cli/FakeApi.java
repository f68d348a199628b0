package io.placebench.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the services in the cli's tests: a JDK {@link HttpServer} answering canned (or computed) JSON per
 * {@code "METHOD /path"} and recording every request. The three services share it under the prefixes
 * {@code /ingest}, {@code /inference} and {@code /analytics} (their base URLs in the tests).
 */
final class FakeApi implements AutoCloseable {

    /** A request as the server saw it. */
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().isEmpty() ? null : e.getValue().get(0);
                }
            }
            return null;
        }

        String key() {
            return method + " " + path;
        }
    }

    record Response(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String prefix) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    /** Answers {@code "METHOD /path"} (path with its query) with a fixed status and body. */
    FakeApi on(String key, int status, String body) {
        routes.put(key, r -> new Response(status, body));
        return this;
    }

    FakeApi on(String key, Function<Request, Response> answer) {
        routes.put(key, answer);
        return this;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    List<Request> requests(String key) {
        return requests.stream().filter(r -> r.key().equals(key)).toList();
    }

    Request only(String key) {
        List<Request> matching = requests(key);
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + key + ", got " + matching.size() + " of " + requests);
        }
        return matching.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        Request request = new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()),
                body);
        requests.add(request);
        Function<Request, Response> route = routes.get(request.key());
        Response response = route == null
                ? new Response(404, "{\"error\":\"no route " + request.key() + " in the fake\",\"details\":[]}")
                : route.apply(request);
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
