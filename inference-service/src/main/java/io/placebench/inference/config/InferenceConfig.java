package io.placebench.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code placebench.*} that inference-service reads. */
@ConfigMapping(prefix = "placebench")
public interface InferenceConfig {

    /** Providers by the name runs use ({@code simulator}, {@code openai}, ...). */
    Map<String, Provider> providers();

    Image image();

    Retry retry();

    Blobs blobs();

    Ledger ledger();

    interface Provider {
        /** Wire format; only {@code openai-chat} (OpenAI Chat Completions) exists so far. */
        @WithDefault("openai-chat")
        String api();

        /** e.g. {@code https://api.openai.com/v1}; requests go to {@code <base-url>/chat/completions}. */
        String baseUrl();

        /** Sent as {@code Authorization: Bearer <key>} when present. Never logged, stored or published. */
        Optional<String> apiKey();

        /** True for llm-simulator: predictions are marked {@code simulated}. */
        @WithDefault("false")
        boolean simulated();

        @WithDefault("10s")
        Duration connectTimeout();

        @WithDefault("120s")
        Duration readTimeout();

        /** {@code max_tokens}, or {@code max_completion_tokens} for models that reject the older field. */
        @WithDefault("max_tokens")
        String maxTokensField();
    }

    interface Image {
        /** Longest side, in pixels, of the image sent to a model. */
        @WithDefault("2048")
        int maxSide();

        @WithDefault("0.9")
        float jpegQuality();

        /** Larger sources are refused instead of decoded (decompression bombs). */
        @WithDefault("100000000")
        long maxSourcePixels();

        @WithDefault("52428800")
        int maxSourceBytes();
    }

    interface Retry {
        /** Retries after the first attempt (so at most max-retries + 1 calls). */
        @WithDefault("2")
        int maxRetries();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("8s")
        Duration maxBackoff();

        /** The longest {@code retry-after} that is honoured; longer requests are cut to this. */
        @WithDefault("60s")
        Duration maxRetryAfter();
    }

    interface Blobs {
        /**
         * When set, blobs are fetched from this origin (the path of the event's {@code blobUrl} is kept):
         * for deployments where ingest's public URL is not reachable from inference. Otherwise the URL's own
         * origin is used.
         */
        Optional<String> baseUrl();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("30s")
        Duration readTimeout();
    }

    interface Ledger {
        /**
         * How long an IN_FLIGHT claim holds. A redelivered request finding an older claim (its worker
         * presumably died) takes it over and calls the provider; a younger claim means another worker is on it.
         */
        @WithDefault("15m")
        Duration claimTimeout();
    }
}
