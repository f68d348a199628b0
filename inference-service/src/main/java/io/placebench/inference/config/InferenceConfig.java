package io.placebench.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code placebench.*} that inference-service reads. */
@ConfigMapping(prefix = "placebench")
public interface InferenceConfig {

    /** Providers by the name runs use ({@code simulator}, {@code openai}, {@code anthropic}, ...). */
    Map<String, Provider> providers();

    Image image();

    Retry retry();

    Limits limits();

    Blobs blobs();

    Dispatch dispatch();

    Catalogue catalogue();

    Prices prices();

    Prompts prompts();

    Runs runs();

    interface Provider {
        /** Wire format: openai-chat, openai-responses, anthropic or gemini. */
        @WithDefault("openai-chat")
        String api();

        /** Quirks of OpenAI-compatible servers: openai, vllm, ollama, llamacpp, lmstudio, together, openrouter. */
        @WithDefault("openai")
        String flavor();

        /** e.g. {@code https://api.openai.com/v1}; Gemini: {@code .../v1beta}. */
        String baseUrl();

        /** Sent as Bearer, x-api-key or x-goog-api-key by wire format, when present. Never logged, stored or published. */
        Optional<String> apiKey();

        /** True for llm-simulator: predictions are marked {@code simulated}. */
        @WithDefault("false")
        boolean simulated();

        @WithDefault("10s")
        Duration connectTimeout();

        /** Idle read timeout of the connection. */
        @WithDefault("120s")
        Duration readTimeout();

        /** Hard limit on one call, however slowly bytes trickle in; the call is cancelled after it. */
        @WithDefault("150s")
        Duration callTimeout();

        /** {@code max_tokens}, or {@code max_completion_tokens} (Chat Completions; the catalogue may override). */
        @WithDefault("max_tokens")
        String maxTokensField();

        /** Default structured-output mode of the provider's models (the catalogue may override). */
        @WithDefault("auto")
        String structuredOutput();

        @WithDefault("2023-06-01")
        String anthropicVersion();

        /** Optional {@code anthropic-beta} header. */
        Optional<String> anthropicBeta();

        /** Requests per minute per model (0 = no bucket; the catalogue may override). */
        @WithDefault("0")
        int rpm();

        /** Tokens per minute per model (0 = no bucket; the catalogue may override). */
        @WithDefault("0")
        long tpm();

        /** Ceiling of the adaptive number of calls in flight per model. */
        @WithDefault("32")
        int maxConcurrency();
    }

    interface Image {
        /** Longest side, in pixels, of the image sent to a model. */
        @WithDefault("2048")
        int maxSide();

        /** jpeg (default) or png. */
        @WithDefault("jpeg")
        String format();

        @WithDefault("0.9")
        float jpegQuality();

        /** Larger sources are refused instead of decoded (decompression bombs). */
        @WithDefault("100000000")
        long maxSourcePixels();

        @WithDefault("52428800")
        int maxSourceBytes();
    }

    interface Retry {
        /** Retries after failures (5xx, timeouts, connection), so at most max-retries + 1 such calls. */
        @WithDefault("2")
        int maxRetries();

        /** Retries after 429, 529 and 503. */
        @WithDefault("10")
        int maxRateLimitRetries();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("8s")
        Duration maxBackoff();

        /** The longest retry-after that is honoured; longer requests are cut to this. */
        @WithDefault("60s")
        Duration maxRetryAfter();
    }

    interface Limits {
        /** Bucket capacity in seconds of the per-minute allowance (how much may be spent at once). */
        @WithDefault("1")
        double burstSeconds();

        /** Share of the configured rpm/tpm actually used, to stay clear of the provider's own bucket. */
        @WithDefault("0.98")
        double headroom();

        @WithDefault("1")
        int minConcurrency();

        /** The concurrency limit is multiplied by this on a 429/529/503 ... */
        @WithDefault("0.8")
        double decreaseFactor();

        /** ... at most once per this interval. */
        @WithDefault("2s")
        Duration decreaseInterval();

        /** Every success raises the limit by this / limit. */
        @WithDefault("4")
        double increase();

        /** Hold-off after a 429 that said no retry-after. */
        @WithDefault("1s")
        Duration defaultCooldown();
    }

    interface Blobs {
        /**
         * When set, blobs are fetched from this origin (the path of the event's {@code blobUrl} is kept):
         * for deployments where ingest's public URL is not reachable from inference.
         */
        Optional<String> baseUrl();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("30s")
        Duration readTimeout();
    }

    interface Dispatch {
        /**
         * How long a lease holds without renewal (renewed every third of it while the call runs). A worker that
         * died loses its leases after this long and another replica takes the requests over.
         */
        @WithDefault("30s")
        Duration lease();

        /** How often expired leases are requeued and the runs waiting on each model are looked up. */
        @WithDefault("1s")
        Duration refresh();

        /** How long a stopping replica lets its running calls finish before it puts them back in the queue. */
        @WithDefault("20s")
        Duration drainTimeout();

        /** Unexpected (non-transient) failures of one request before it is dead-lettered. */
        @WithDefault("5")
        int maxFailures();
    }

    interface Catalogue {
        /** A model catalogue laid over the bundled models.yaml. */
        Optional<String> file();
    }

    interface Prices {
        /** A price file (LiteLLM layout) laid over the bundled prices. */
        Optional<String> overridesFile();
    }

    interface Prompts {
        /** A directory of prompt files (*.yaml, *.yml, *.json) added to the built-in prompts. */
        Optional<String> directory();
    }

    interface Runs {
        /** How long a run's state (paused, budget exhausted...) is cached before the database is asked again. */
        @WithDefault("2s")
        Duration stateCacheTtl();
    }
}
