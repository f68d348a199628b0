package io.placebench.inference.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.PredictionStatus;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.Attempt;
import io.placebench.inference.domain.ImageTokens;
import io.placebench.inference.domain.Interpretation;
import io.placebench.inference.domain.OpenAiChatRequests;
import io.placebench.inference.domain.OpenAiChatResponses;
import io.placebench.inference.domain.PreparedImage;
import io.placebench.inference.domain.Prompt;
import io.placebench.inference.domain.Redactor;
import io.placebench.inference.domain.RetryPolicy;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/** A provider speaking OpenAI Chat Completions: OpenAI itself, llm-simulator, OpenAI-compatible servers. */
public final class OpenAiChatProvider implements ModelProvider {

    public static final String API = "openai-chat";
    private static final Logger LOG = Logger.getLogger(OpenAiChatProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW = 100_000;

    private final String name;
    private final InferenceConfig.Provider config;
    private final RetryPolicy retryPolicy;
    private final String apiKey;
    private final OpenAiChatApi api;

    public OpenAiChatProvider(String name, InferenceConfig.Provider config, RetryPolicy retryPolicy) {
        this.name = name;
        this.config = config;
        this.retryPolicy = retryPolicy;
        this.apiKey = config.apiKey().filter(k -> !k.isBlank()).orElse(null);
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(stripTrailingSlash(config.baseUrl())))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true);
        if (apiKey != null) {
            builder.register(new BearerAuthFilter(apiKey));
        }
        this.api = builder.build(OpenAiChatApi.class);
        LOG.infof("Provider %s: %s at %s (key %s, simulated %s)", name, API, config.baseUrl(),
                apiKey == null ? "absent" : "present", config.simulated());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean simulated() {
        return config.simulated();
    }

    @Override
    public PreparedCall prepare(String model, Prompt prompt, PreparedImage image, Map<String, Object> parameters) {
        try {
            return new PreparedCall(model, JSON.writeValueAsString(
                    OpenAiChatRequests.body(model, prompt, image, parameters, config.maxTokensField())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Attempt send(PreparedCall call) {
        long start = System.nanoTime();
        Response response;
        try {
            response = api.create(call.body());
        } catch (WebApplicationException e) {
            response = e.getResponse(); // only if some mapper still threw
        } catch (RuntimeException e) {
            return failure(e, elapsedMs(start));
        }
        try (Response r = response) {
            String body = r.hasEntity() ? r.readEntity(String.class) : null;
            long latency = elapsedMs(start);
            Interpretation meaning = OpenAiChatResponses.interpret(r.getStatus(), body);
            boolean retryable = meaning.status() == PredictionStatus.API_ERROR
                    && retryPolicy.retryableHttp(r.getStatus(), meaning.errorCode());
            Duration retryAfter = RetryPolicy.parseRetryAfter(r.getHeaderString("retry-after-ms"),
                    r.getHeaderString("retry-after"), Instant.now());
            return Attempt.of(meaning, raw(body), latency, retryable, retryAfter);
        } catch (RuntimeException e) {
            return failure(e, elapsedMs(start));
        }
    }

    private Attempt failure(RuntimeException e, long latency) {
        if (isTimeout(e)) {
            return new Attempt(PredictionStatus.TIMEOUT, null, "timeout: " + describe(e), null, null, null, null,
                    latency, true, null);
        }
        // Connection refused or reset, DNS failure...: the SDKs retry these, and so do we.
        boolean connection = causedBy(e, ConnectException.class) || causedBy(e, java.io.IOException.class);
        return new Attempt(PredictionStatus.API_ERROR, null,
                (connection ? "connection failed: " : "call failed: ") + describe(e), null,
                connection ? "connection" : null, null, null, latency, connection, null);
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
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
    public long imageTokens(String model, PreparedImage image) {
        return ImageTokens.highDetail(image.width(), image.height());
    }

    @Override
    public void close() {
        try {
            api.close();
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
        return "OpenAiChatProvider[" + name + " at " + config.baseUrl() + "]";
    }
}
