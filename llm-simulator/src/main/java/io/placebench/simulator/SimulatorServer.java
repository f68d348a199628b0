package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;

/**
 * The simulator as an embeddable HTTP server (JDK HttpServer, no framework), speaking four wire formats:
 * OpenAI Chat Completions ({@code /v1/chat/completions}), OpenAI Responses ({@code /v1/responses}), Anthropic
 * Messages ({@code /v1/messages}) and Gemini generateContent ({@code /v1beta/models/{model}:generateContent}).
 * It routes: each path to its {@link WireFormat} (credential check, then the {@link Engine}), plus the shared
 * {@code /health}, {@code /v1/models} and the simulator's own {@code /_sim/requests} and {@code /_sim/faults}.
 *
 * <pre>{@code
 * try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0))) {
 *     String baseUrl = sim.baseUrl(); // http://127.0.0.1:PORT/v1
 * }
 * }</pre>
 */
public final class SimulatorServer implements AutoCloseable {

    /** Worker threads: concurrent calls sleep their latency in parallel, up to this many at once. */
    static final int WORKER_THREADS = 128;
    /** Fixed "created" time of the simulated models (2025-01-01T00:00:00Z). */
    private static final long MODELS_CREATED = 1735689600L;
    private static final ObjectMapper JSON = WireFormat.Support.JSON;
    private static final List<WireFormat> FORMATS = Arrays.stream(Api.values()).map(Api::format).toList();
    /** The format of the answers outside the four APIs (models, health, the simulator's own endpoints). */
    private static final WireFormat OPENAI = Api.OPENAI_CHAT.format();

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
    private final Faults faults;
    private final Engine engine;

    private SimulatorServer(SimulatorConfig config) throws IOException {
        this.config = config;
        this.faults = new Faults(config.faultRates());
        this.engine = new Engine(config, new GeolocationModel(Gazetteer.builtIn(), config.seed()),
                new RateLimiter(config.rpm(), config.tpm(), config.burstSeconds()), faults);
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 512);
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

    /** http://HOST:PORT */
    public String rootUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port();
    }

    /**
     * The base URL of the OpenAI (Chat Completions, Responses) and Anthropic (Messages) formats,
     * {@code http://127.0.0.1:PORT/v1}: clients append {@code /chat/completions}, {@code /responses}, {@code /messages}.
     */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /** The Gemini base URL, {@code http://127.0.0.1:PORT/v1beta}: clients append {@code /models/{model}:generateContent}. */
    public String geminiBaseUrl() {
        return rootUrl() + "/v1beta";
    }

    /** Every API request received so far, in arrival order (a copy). */
    public List<RequestLogEntry> requestLog() {
        return log.snapshot();
    }

    public void clearRequestLog() {
        log.clear();
    }

    /** Queues faults: each is used once, by the first request it matches, before any random fault is drawn. */
    public void injectFaults(Fault... toInject) {
        faults.inject(List.of(toInject));
    }

    /** Drops the queued faults that no request has used yet. */
    public int clearFaults() {
        return faults.clear();
    }

    /** Stops at once; requests still sleeping their latency are abandoned. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    /** Routes a path to its wire format, or to the shared endpoints; the rest answers errors as OpenAI does. */
    private void route(HttpExchange ex) throws IOException {
        // not try-with-resources: the exchange must still be open when the catch blocks answer
        WireFormat format = OPENAI;
        try {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/health" -> {
                    if (allow(ex, "GET", format)) {
                        send(ex, 200, JSON.createObjectNode().put("status", "UP"));
                    }
                }
                case "/_sim/requests" -> requestLogEndpoint(ex);
                case "/_sim/faults" -> faultsEndpoint(ex);
                default -> {
                    for (WireFormat f : FORMATS) {
                        Matcher m = f.path().matcher(path);
                        if (m.matches()) {
                            format = f; // its errors now answer in its body
                            apiCall(ex, f, f.pathModel(m));
                            return;
                        }
                    }
                    if (path.startsWith("/v1/models")) {
                        models(ex, path);
                    } else {
                        throw notFound(ex);
                    }
                }
            }
        } catch (ApiException e) {
            send(ex, e.status, format.errorBody(e, WireFormat.Support.requestId()));
        } catch (RuntimeException e) {
            send(ex, 500, format.errorBody(new ApiException(500, "server_error", "The simulator failed: " + e, null, null),
                    WireFormat.Support.requestId()));
        } finally {
            ex.close();
        }
    }

    private void apiCall(HttpExchange ex, WireFormat format, String pathModel) throws IOException {
        if (!allow(ex, "POST", format)) {
            return;
        }
        String key = format.presentedKey(ex);
        try {
            format.checkApiKey(config.apiKey(), key);
        } catch (ApiException e) { // a rejected call was still received: log it
            log.add(new RequestLogEntry(Instant.now(), null, pathModel, null, e.status, "error", format.api().wireName()));
            throw e;
        }
        long started = System.nanoTime();
        byte[] body = ex.getRequestBody().readAllBytes();
        Engine.Result result = engine.handle(format, body, pathModel, key);
        log.add(result.logEntry());
        if (result.delayMs() > 0) {
            try {
                Thread.sleep(result.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: give up on this answer
                return;
            }
        }
        result.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        format.requestHeaders(ex.getResponseHeaders(), WireFormat.Support.requestId(),
                (System.nanoTime() - started) / 1_000_000);
        send(ex, result.status(), result.body());
    }

    private void models(HttpExchange ex, String path) throws IOException {
        // Anthropic's SDK lists models too, with its x-api-key; the answer is OpenAI's
        String key = ex.getRequestHeaders().getFirst("x-api-key") != null ? ex.getRequestHeaders().getFirst("x-api-key")
                : OPENAI.presentedKey(ex);
        OPENAI.checkApiKey(config.apiKey(), key);
        if (!allow(ex, "GET", OPENAI)) {
            return;
        }
        if (path.equals("/v1/models")) {
            ObjectNode list = JSON.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            NoiseProfile.ALL.forEach(p -> data.add(modelNode(p.model())));
            send(ex, 200, list);
            return;
        }
        String id = path.substring("/v1/models/".length());
        if (!path.startsWith("/v1/models/") || NoiseProfile.forModel(id).isEmpty()) {
            throw OPENAI.unknownModel(id);
        }
        send(ex, 200, modelNode(id));
    }

    private void requestLogEndpoint(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("DELETE")) {
            int cleared = log.clear();
            send(ex, 200, JSON.createObjectNode().put("cleared", cleared));
            return;
        }
        if (!allow(ex, "GET, DELETE", OPENAI)) {
            return;
        }
        List<RequestLogEntry> entries = log.snapshot();
        ObjectNode out = JSON.createObjectNode().put("object", "list").put("count", entries.size());
        ArrayNode data = out.putArray("data");
        for (RequestLogEntry e : entries) {
            ObjectNode n = data.addObject();
            n.put("time", e.time().toString());
            n.put("api", e.api());
            n.put("id", e.id());
            n.put("model", e.model());
            n.put("image_sha256", e.imageSha256());
            n.put("status", e.status());
            n.put("outcome", e.outcome());
        }
        send(ex, 200, out);
    }

    /**
     * {@code GET} lists the queued faults, {@code DELETE} drops them, {@code POST}
     * {@code {"faults":[{"kind":"rate_limit","count":2,"model":"sim-strong","api":"anthropic"}]}} queues
     * {@code count} (default 1) faults of a kind, optionally only for one model and/or wire format.
     */
    private void faultsEndpoint(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "DELETE" -> send(ex, 200, JSON.createObjectNode().put("cleared", faults.clear()));
            case "GET" -> {
                ObjectNode out = JSON.createObjectNode();
                ArrayNode data = out.putArray("faults");
                for (Fault f : faults.pending()) {
                    data.addObject().put("kind", f.kind().wireName()).put("model", f.model())
                            .put("api", f.api() == null ? null : f.api().wireName());
                }
                send(ex, 200, out);
            }
            case "POST" -> {
                JsonNode root;
                try {
                    root = JSON.readTree(ex.getRequestBody().readAllBytes());
                } catch (IOException e) {
                    root = null;
                }
                if (root == null || !root.path("faults").isArray()) {
                    throw ApiException.invalidRequest("expected {\"faults\":[{\"kind\":\"rate_limit\",\"count\":1}]}",
                            "faults", null);
                }
                List<Fault> parsed = new ArrayList<>();
                int i = 0;
                for (JsonNode f : root.get("faults")) {
                    String where = "faults[" + i++ + "]";
                    Fault.Kind kind = Fault.Kind.fromWire(f.path("kind").asText()).orElseThrow(() ->
                            ApiException.invalidRequest(where + ".kind must be one of " + List.of(Fault.Kind.values())
                                    .stream().map(Fault.Kind::wireName).toList(), where + ".kind", null));
                    Api api = null;
                    if (f.hasNonNull("api")) {
                        api = Api.fromWire(f.get("api").asText()).orElseThrow(() -> ApiException.invalidRequest(where
                                        + ".api must be openai-chat, openai-responses, anthropic or gemini", where + ".api", null));
                    }
                    int count = f.path("count").asInt(1);
                    if (count < 1 || count > 100_000) {
                        throw ApiException.invalidRequest(where + ".count must be in 1..100000", where + ".count", null);
                    }
                    for (int c = 0; c < count; c++) {
                        parsed.add(new Fault(kind, f.hasNonNull("model") ? f.get("model").asText() : null, api));
                    }
                }
                faults.inject(parsed);
                send(ex, 200, JSON.createObjectNode().put("queued", parsed.size()));
            }
            default -> allow(ex, "GET, POST, DELETE", OPENAI);
        }
    }

    private ObjectNode modelNode(String id) {
        return JSON.createObjectNode().put("id", id).put("object", "model").put("created", MODELS_CREATED)
                .put("owned_by", "placebench-simulator");
    }

    /** True if the method is one of {@code allowed}; otherwise answers 405 with an Allow header. */
    private boolean allow(HttpExchange ex, String allowed, WireFormat format) throws IOException {
        for (String m : allowed.split(",\\s*")) {
            if (m.equals(ex.getRequestMethod())) {
                return true;
            }
        }
        ex.getResponseHeaders().set("Allow", allowed);
        send(ex, 405, format.errorBody(new ApiException(405, "invalid_request_error", "Method "
                + ex.getRequestMethod() + " not allowed for " + ex.getRequestURI().getPath() + "; use " + allowed + ".",
                null, null), WireFormat.Support.requestId()));
        return false;
    }

    private static ApiException notFound(HttpExchange ex) {
        return new ApiException(404, "invalid_request_error",
                "Invalid URL (" + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + ")", null, null);
    }

    private void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
