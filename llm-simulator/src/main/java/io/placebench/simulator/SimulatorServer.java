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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator as an embeddable HTTP server (JDK HttpServer, no framework), speaking four wire formats:
 * OpenAI Chat Completions ({@code /v1/chat/completions}), OpenAI Responses ({@code /v1/responses}), Anthropic
 * Messages ({@code /v1/messages}) and Gemini generateContent ({@code /v1beta/models/{model}:generateContent}).
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
    private static final Pattern GEMINI_PATH = Pattern.compile("^/v1(?:beta)?/models/([^/:]+):generateContent$");

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
    private final Faults faults;
    private final Engine engine;

    private SimulatorServer(SimulatorConfig config) throws IOException {
        this.config = config;
        this.faults = new Faults(config.faultRates());
        this.engine = new Engine(json, config, new GeolocationModel(Gazetteer.builtIn(), config.seed()),
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

    private void route(HttpExchange ex) throws IOException {
        // not try-with-resources: the exchange must still be open when the catch blocks answer
        Api api = Api.OPENAI_CHAT;
        try {
            String path = ex.getRequestURI().getPath();
            Matcher gemini = GEMINI_PATH.matcher(path);
            if (path.equals("/health")) {
                if (allow(ex, "GET", api)) {
                    send(ex, 200, json.createObjectNode().put("status", "UP"));
                }
            } else if (path.equals("/_sim/requests")) {
                requestLogEndpoint(ex);
            } else if (path.equals("/_sim/faults")) {
                faultsEndpoint(ex);
            } else if (path.equals("/v1/chat/completions")) {
                apiCall(ex, Api.OPENAI_CHAT, null);
            } else if (path.equals("/v1/responses")) {
                api = Api.OPENAI_RESPONSES;
                apiCall(ex, api, null);
            } else if (path.equals("/v1/messages")) {
                api = Api.ANTHROPIC;
                apiCall(ex, api, null);
            } else if (gemini.matches()) {
                api = Api.GEMINI;
                apiCall(ex, api, URLDecoder.decode(gemini.group(1), StandardCharsets.UTF_8));
            } else if (path.startsWith("/v1/models")) {
                models(ex, path);
            } else {
                throw notFound(ex);
            }
        } catch (ApiException e) {
            send(ex, e.status, api.errorBody(json, e, "req_" + Engine.randomId(24)));
        } catch (RuntimeException e) {
            send(ex, 500, api.errorBody(json, new ApiException(500, "server_error", "The simulator failed: " + e, null, null),
                    "req_" + Engine.randomId(24)));
        } finally {
            ex.close();
        }
    }

    private void apiCall(HttpExchange ex, Api api, String pathModel) throws IOException {
        if (!allow(ex, "POST", api)) {
            return;
        }
        String key = presentedKey(ex, api);
        try {
            checkApiKey(api, key);
        } catch (ApiException e) { // a rejected call was still received: log it
            log.add(new RequestLogEntry(Instant.now(), null, pathModel, null, e.status, "error", api.wireName()));
            throw e;
        }
        long started = System.nanoTime();
        byte[] body = ex.getRequestBody().readAllBytes();
        Engine.Result result = engine.handle(api, body, pathModel, key);
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
        String requestId = "req_" + Engine.randomId(24);
        switch (api) {
            case ANTHROPIC -> ex.getResponseHeaders().set("request-id", requestId);
            case GEMINI -> ex.getResponseHeaders().set("x-goog-request-id", requestId);
            default -> {
                ex.getResponseHeaders().set("x-request-id", requestId);
                ex.getResponseHeaders().set("openai-processing-ms",
                        Long.toString((System.nanoTime() - started) / 1_000_000));
            }
        }
        send(ex, result.status(), result.body());
    }

    private void models(HttpExchange ex, String path) throws IOException {
        String key = ex.getRequestHeaders().getFirst("x-api-key") != null ? ex.getRequestHeaders().getFirst("x-api-key")
                : presentedKey(ex, Api.OPENAI_CHAT);
        checkApiKey(Api.OPENAI_CHAT, key);
        if (!allow(ex, "GET", Api.OPENAI_CHAT)) {
            return;
        }
        if (path.equals("/v1/models")) {
            ObjectNode list = json.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            NoiseProfile.ALL.forEach(p -> data.add(modelNode(p.model())));
            send(ex, 200, list);
            return;
        }
        String id = path.substring("/v1/models/".length());
        if (!path.startsWith("/v1/models/") || NoiseProfile.forModel(id).isEmpty()) {
            throw new ApiException(404, "invalid_request_error",
                    "The model `" + id + "` does not exist or you do not have access to it.", null, "model_not_found");
        }
        send(ex, 200, modelNode(id));
    }

    private void requestLogEndpoint(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("DELETE")) {
            int cleared = log.clear();
            send(ex, 200, json.createObjectNode().put("cleared", cleared));
            return;
        }
        if (!allow(ex, "GET, DELETE", Api.OPENAI_CHAT)) {
            return;
        }
        List<RequestLogEntry> entries = log.snapshot();
        ObjectNode out = json.createObjectNode().put("object", "list").put("count", entries.size());
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
            case "DELETE" -> send(ex, 200, json.createObjectNode().put("cleared", faults.clear()));
            case "GET" -> {
                ObjectNode out = json.createObjectNode();
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
                    root = json.readTree(ex.getRequestBody().readAllBytes());
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
                        api = List.of(Api.values()).stream().filter(a -> a.wireName().equals(f.get("api").asText()))
                                .findFirst().orElseThrow(() -> ApiException.invalidRequest(where
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
                send(ex, 200, json.createObjectNode().put("queued", parsed.size()));
            }
            default -> allow(ex, "GET, POST, DELETE", Api.OPENAI_CHAT);
        }
    }

    private ObjectNode modelNode(String id) {
        return json.createObjectNode().put("id", id).put("object", "model").put("created", MODELS_CREATED)
                .put("owned_by", "placebench-simulator");
    }

    /** The credential as the wire format carries it: Bearer, x-api-key, x-goog-api-key (or ?key=); null if none. */
    private static String presentedKey(HttpExchange ex, Api api) {
        return switch (api) {
            case ANTHROPIC -> ex.getRequestHeaders().getFirst("x-api-key");
            case GEMINI -> {
                String header = ex.getRequestHeaders().getFirst("x-goog-api-key");
                String query = ex.getRequestURI().getRawQuery();
                if (header == null && query != null) {
                    for (String kv : query.split("&")) {
                        if (kv.startsWith("key=")) {
                            header = URLDecoder.decode(kv.substring(4), StandardCharsets.UTF_8);
                        }
                    }
                }
                yield header;
            }
            default -> {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                yield auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
            }
        };
    }

    /** 401 (Google: 400/403) unless the configured key is presented (compared in constant time). */
    private void checkApiKey(Api api, String presented) {
        String key = config.apiKey();
        if (key == null) {
            return;
        }
        if (presented == null) {
            throw switch (api) {
                case ANTHROPIC -> new ApiException(401, "authentication_error", "x-api-key header is required", null, null);
                case GEMINI -> new ApiException(403, "permission_error", "Method doesn't allow unregistered callers "
                        + "(callers without established identity). Please use API Key or other form of API consumer "
                        + "identity to call this API.", null, null);
                default -> new ApiException(401, "invalid_request_error", "You didn't provide an API key. You need to "
                        + "provide your API key in an Authorization header using Bearer auth (i.e. Authorization: "
                        + "Bearer YOUR_KEY).", null, null);
            };
        }
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
            throw switch (api) {
                case ANTHROPIC -> new ApiException(401, "authentication_error", "invalid x-api-key", null, null);
                case GEMINI -> new ApiException(400, "invalid_request_error", "API key not valid. Please pass a valid "
                        + "API key.", null, "API_KEY_INVALID");
                default -> new ApiException(401, "invalid_request_error", "Incorrect API key provided: "
                        + redact(presented) + ".", null, "invalid_api_key");
            };
        }
    }

    private static String redact(String key) {
        return key.length() <= 8 ? "***" : key.substring(0, 3) + "***" + key.substring(key.length() - 4);
    }

    /** True if the method is one of {@code allowed}; otherwise answers 405 with an Allow header. */
    private boolean allow(HttpExchange ex, String allowed, Api api) throws IOException {
        for (String m : allowed.split(",\\s*")) {
            if (m.equals(ex.getRequestMethod())) {
                return true;
            }
        }
        ex.getResponseHeaders().set("Allow", allowed);
        send(ex, 405, api.errorBody(json, new ApiException(405, "invalid_request_error", "Method "
                + ex.getRequestMethod() + " not allowed for " + ex.getRequestURI().getPath() + "; use " + allowed + ".",
                null, null), "req_" + Engine.randomId(24)));
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

    /** For tests: the fault kinds by wire name. */
    static Map<String, Fault.Kind> faultKinds() {
        Map<String, Fault.Kind> kinds = new java.util.TreeMap<>();
        for (Fault.Kind k : Fault.Kind.values()) {
            kinds.put(k.wireName(), k);
        }
        return kinds;
    }
}
