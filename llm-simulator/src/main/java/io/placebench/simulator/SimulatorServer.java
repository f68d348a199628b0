package io.placebench.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.placebench.simulator.domain.Gazetteer;
import io.placebench.simulator.domain.GeolocationModel;
import io.placebench.simulator.domain.NoiseProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator as an embeddable HTTP server (JDK HttpServer, no framework).
 *
 * <pre>{@code
 * try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0))) {
 *     String baseUrl = sim.baseUrl(); // http://127.0.0.1:PORT/v1
 * }
 * }</pre>
 */
public final class SimulatorServer implements AutoCloseable {

    /** Worker threads: concurrent calls sleep their latency in parallel, up to this many at once. */
    static final int WORKER_THREADS = 64;
    /** Fixed "created" time of the simulated models (2025-01-01T00:00:00Z). */
    private static final long MODELS_CREATED = 1735689600L;
    private static final String CHAT_PATH = "/v1/chat/completions";

    static {
        // The JDK server writes headers and body separately; with Nagle on, the client's delayed ACK adds
        // ~40 ms to every response. Read once when the JDK's server config loads, so set it before any
        // server exists, and only if nobody chose otherwise.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService workers;
    private final RequestLog log = new RequestLog();
    private final ObjectMapper json = new ObjectMapper();
    private final ChatCompletions chat;

    private SimulatorServer(SimulatorConfig config) throws IOException {
        this.config = config;
        this.chat = new ChatCompletions(json, config, new GeolocationModel(Gazetteer.builtIn(), config.seed()));
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(WORKER_THREADS, r -> {
            Thread t = new Thread(r, "llm-simulator-" + n.incrementAndGet());
            t.setDaemon(true); // an embedding test JVM must be able to exit without close()
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::route);
        server.start();
    }

    /**
     * Binds and starts serving. Throws {@link UncheckedIOException} (cause {@link java.net.BindException} when
     * the port is taken) if the address cannot be bound.
     */
    public static SimulatorServer start(SimulatorConfig config) {
        try {
            return new SimulatorServer(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The bound port (the real one when the config asked for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The OpenAI base URL clients should use, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port() + "/v1";
    }

    /** Every chat completion request received so far, in arrival order (a copy). */
    public List<RequestLogEntry> requestLog() {
        return log.snapshot();
    }

    public void clearRequestLog() {
        log.clear();
    }

    /** Stops at once; requests still sleeping their latency are abandoned. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void route(HttpExchange ex) throws IOException {
        // not try-with-resources: the exchange must still be open when the catch blocks answer
        try {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/health")) {
                if (allow(ex, "GET")) {
                    send(ex, 200, json.createObjectNode().put("status", "UP"));
                }
            } else if (path.equals("/_sim/requests")) {
                requestLogEndpoint(ex);
            } else if (path.startsWith("/v1/")) {
                routeApi(ex, path);
            } else {
                throw notFound(ex);
            }
        } catch (ApiException e) {
            send(ex, e.status, chat.errorBody(e));
        } catch (RuntimeException e) {
            send(ex, 500, chat.errorBody(new ApiException(500, "server_error", "The simulator failed: " + e, null, null)));
        } finally {
            ex.close();
        }
    }

    private void routeApi(HttpExchange ex, String path) throws IOException {
        try {
            checkApiKey(ex);
        } catch (ApiException e) {
            if (path.equals(CHAT_PATH)) { // a rejected call was still received: log it
                log.add(new RequestLogEntry(Instant.now(), null, null, null, e.status, "error"));
            }
            throw e;
        }
        if (path.equals(CHAT_PATH)) {
            if (allow(ex, "POST")) {
                chatCompletion(ex);
            }
        } else if (path.equals("/v1/models")) {
            if (allow(ex, "GET")) {
                ObjectNode list = json.createObjectNode().put("object", "list");
                ArrayNode data = list.putArray("data");
                NoiseProfile.ALL.forEach(p -> data.add(modelNode(p.model())));
                send(ex, 200, list);
            }
        } else if (path.startsWith("/v1/models/")) {
            String id = path.substring("/v1/models/".length());
            if (allow(ex, "GET")) {
                if (NoiseProfile.forModel(id).isEmpty()) {
                    throw new ApiException(404, "invalid_request_error",
                            "The model `" + id + "` does not exist or you do not have access to it.", null, "model_not_found");
                }
                send(ex, 200, modelNode(id));
            }
        } else {
            throw notFound(ex);
        }
    }

    private void chatCompletion(HttpExchange ex) throws IOException {
        long started = System.nanoTime();
        byte[] body = ex.getRequestBody().readAllBytes();
        ChatCompletions.Result result = chat.handle(body);
        log.add(result.logEntry());
        if (result.delayMs() > 0) {
            try {
                Thread.sleep(result.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: give up on this answer
                return;
            }
        }
        ex.getResponseHeaders().set("x-request-id", "req_" + ChatCompletions.randomId(24));
        ex.getResponseHeaders().set("openai-processing-ms", Long.toString((System.nanoTime() - started) / 1_000_000));
        send(ex, result.status(), result.body());
    }

    private void requestLogEndpoint(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("DELETE")) {
            int cleared = log.clear();
            send(ex, 200, json.createObjectNode().put("cleared", cleared));
            return;
        }
        if (!allow(ex, "GET, DELETE")) {
            return;
        }
        List<RequestLogEntry> entries = log.snapshot();
        ObjectNode out = json.createObjectNode().put("object", "list").put("count", entries.size());
        ArrayNode data = out.putArray("data");
        for (RequestLogEntry e : entries) {
            ObjectNode n = data.addObject();
            n.put("time", e.time().toString());
            n.put("id", e.id());
            n.put("model", e.model());
            n.put("image_sha256", e.imageSha256());
            n.put("status", e.status());
            n.put("outcome", e.outcome());
        }
        send(ex, 200, out);
    }

    private ObjectNode modelNode(String id) {
        return json.createObjectNode().put("id", id).put("object", "model").put("created", MODELS_CREATED)
                .put("owned_by", "placebench-simulator");
    }

    /** 401 unless the configured key is presented as a bearer token (compared in constant time). */
    private void checkApiKey(HttpExchange ex) {
        String key = config.apiKey();
        if (key == null) {
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "invalid_request_error", "You didn't provide an API key. You need to provide "
                    + "your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    null, null);
        }
        String presented = auth.substring(7).trim();
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "invalid_request_error", "Incorrect API key provided: " + redact(presented)
                    + ".", null, "invalid_api_key");
        }
    }

    private static String redact(String key) {
        return key.length() <= 8 ? "***" : key.substring(0, 3) + "***" + key.substring(key.length() - 4);
    }

    /** True if the method is one of {@code allowed}; otherwise answers 405 with an Allow header. */
    private boolean allow(HttpExchange ex, String allowed) throws IOException {
        for (String m : allowed.split(",\\s*")) {
            if (m.equals(ex.getRequestMethod())) {
                return true;
            }
        }
        ex.getResponseHeaders().set("Allow", allowed);
        send(ex, 405, chat.errorBody(new ApiException(405, "invalid_request_error", "Method " + ex.getRequestMethod()
                + " not allowed for " + ex.getRequestURI().getPath() + "; use " + allowed + ".", null, null)));
        return false;
    }

    private static ApiException notFound(HttpExchange ex) {
        return new ApiException(404, "invalid_request_error",
                "Invalid URL (" + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + ")", null, null);
    }

    private void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
