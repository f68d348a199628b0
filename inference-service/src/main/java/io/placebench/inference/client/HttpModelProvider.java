package io.placebench.inference.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.Attempt;
import io.placebench.inference.domain.CallSpec;
import io.placebench.inference.domain.Flavor;
import io.placebench.inference.domain.Interpretation;
import io.placebench.inference.domain.Redactor;
import io.placebench.inference.domain.RetryPolicy;
import io.placebench.inference.domain.ServerLimits;
import io.placebench.inference.domain.WireApi;
import io.placebench.inference.domain.WireFormat;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A provider over HTTP: one MicroProfile REST client per wire format ({@link OpenAiChatApi},
 * {@link OpenAiResponsesApi}, {@link AnthropicMessagesApi}, {@link GeminiApi}), the body built and the response
 * read by the format's {@link WireFormat}. Credentials go in the format's header (Bearer, {@code x-api-key},
 * {@code x-goog-api-key}). Every call has a hard deadline ({@code call-timeout}) on top of the connection's idle
 * read timeout, so a hung or trickling connection ends as a TIMEOUT and the call is cancelled.
 */
public final class HttpModelProvider implements ModelProvider {

    private static final Logger LOG = Logger.getLogger(HttpModelProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW = 100_000;

    private final String name;
    private final InferenceConfig.Provider config;
    private final WireApi api;
    private final Flavor flavor;
    private final WireFormat format;
    private final String apiKey;
    private final AutoCloseable client;
    private final OpenAiChatApi chat;
    private final OpenAiResponsesApi responses;
    private final AnthropicMessagesApi anthropic;
    private final GeminiApi gemini;

    public HttpModelProvider(String name, InferenceConfig.Provider config) {
        this.name = name;
        this.config = config;
        this.api = WireApi.fromConfig(config.api()).orElseThrow(() -> new IllegalArgumentException("placebench.providers."
                + name + ".api: unknown wire format '" + config.api() + "' (known: openai-chat, openai-responses, "
                + "anthropic, gemini)"));
        this.flavor = Flavor.fromConfig(config.flavor()).orElseThrow(() -> new IllegalArgumentException(
                "placebench.providers." + name + ".flavor: unknown flavor '" + config.flavor()
                        + "' (known: openai, vllm, ollama, llamacpp, lmstudio, together, openrouter)"));
        this.format = WireFormat.of(api);
        this.apiKey = config.apiKey().filter(k -> !k.isBlank()).orElse(null);
        Map<String, String> headers = new LinkedHashMap<>();
        switch (api) {
            case ANTHROPIC -> {
                if (apiKey != null) {
                    headers.put("x-api-key", apiKey);
                }
                headers.put("anthropic-version", config.anthropicVersion());
                config.anthropicBeta().filter(b -> !b.isBlank()).ifPresent(b -> headers.put("anthropic-beta", b));
            }
            case GEMINI -> {
                if (apiKey != null) {
                    headers.put("x-goog-api-key", apiKey);
                }
            }
            default -> {
                if (apiKey != null) {
                    headers.put("Authorization", "Bearer " + apiKey);
                }
            }
        }
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(stripTrailingSlash(config.baseUrl())))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true);
        if (!headers.isEmpty()) {
            builder.register(new HeaderFilter(headers));
        }
        this.chat = api == WireApi.OPENAI_CHAT ? builder.build(OpenAiChatApi.class) : null;
        this.responses = api == WireApi.OPENAI_RESPONSES ? builder.build(OpenAiResponsesApi.class) : null;
        this.anthropic = api == WireApi.ANTHROPIC ? builder.build(AnthropicMessagesApi.class) : null;
        this.gemini = api == WireApi.GEMINI ? builder.build(GeminiApi.class) : null;
        this.client = chat != null ? chat : responses != null ? responses : anthropic != null ? anthropic : gemini;
        LOG.debugf("Provider %s: %s (%s) at %s (key %s, simulated %s)", name, api.configName(), flavor.configName(),
                config.baseUrl(), apiKey == null ? "absent" : "present", config.simulated());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public WireApi api() {
        return api;
    }

    @Override
    public Flavor flavor() {
        return flavor;
    }

    @Override
    public boolean simulated() {
        return config.simulated();
    }

    @Override
    public boolean hasKey() {
        if (apiKey != null || config.simulated()) {
            return true;
        }
        String url = config.baseUrl();
        return url.contains("://localhost") || url.contains("://127.0.0.1") || url.contains("://[::1]");
    }

    @Override
    public String baseUrl() {
        return config.baseUrl();
    }

    public WireFormat format() {
        return format;
    }

    @Override
    public PreparedCall prepare(CallSpec spec) {
        try {
            return new PreparedCall(spec.model(), JSON.writeValueAsString(format.body(spec)), spec.maxTokens());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Attempt send(PreparedCall call) {
        long start = System.nanoTime();
        Response response;
        try {
            Uni<Response> uni = switch (api) {
                case OPENAI_CHAT -> chat.create(call.body());
                case OPENAI_RESPONSES -> responses.create(call.body());
                case ANTHROPIC -> anthropic.create(call.body());
                case GEMINI -> gemini.generate(call.model(), call.body());
            };
            response = uni.await().atMost(config.callTimeout());
        } catch (WebApplicationException e) {
            response = e.getResponse(); // only if some mapper still threw
        } catch (RuntimeException e) {
            return failure(e, elapsedMs(start));
        }
        try (Response r = response) {
            String body = r.hasEntity() ? r.readEntity(String.class) : null;
            long latency = elapsedMs(start);
            Interpretation meaning = format.interpret(r.getStatus(), body);
            Instant now = Instant.now();
            return Attempt.of(meaning, raw(body), latency,
                    RetryPolicy.parseRetryAfter(r.getHeaderString("retry-after-ms"), r.getHeaderString("retry-after"), now),
                    ServerLimits.read(r::getHeaderString, now));
        } catch (RuntimeException e) {
            return failure(e, elapsedMs(start));
        }
    }

    private Attempt failure(RuntimeException e, long latency) {
        if (causedBy(e, InterruptedException.class)) {
            Thread.currentThread().interrupt(); // the worker is being stopped: let the caller see it
        }
        if (isTimeout(e)) {
            return Attempt.timeout("timeout: " + describe(e), latency);
        }
        // Connection refused or reset, DNS failure...: the SDKs retry these, and so do we.
        boolean connection = causedBy(e, ConnectException.class) || causedBy(e, java.io.IOException.class);
        return connection ? Attempt.connectionFailed("connection failed: " + describe(e), latency)
                : new Attempt(io.placebench.events.PredictionStatus.API_ERROR, null, "call failed: " + describe(e), null,
                        "client", null, null, null, latency, null, false, null);
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")
                    || (t.getMessage() != null && t.getMessage().toLowerCase().contains("timed out"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return Redactor.redact(text, apiKey);
    }

    private String raw(String body) {
        if (body == null) {
            return null;
        }
        String redacted = Redactor.redact(body, apiKey);
        return redacted.length() <= MAX_RAW ? redacted : redacted.substring(0, MAX_RAW);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debugf("Closing the client of provider %s failed: %s", name, e);
        }
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "HttpModelProvider[" + name + " " + api.configName() + " at " + config.baseUrl() + "]";
    }
}
