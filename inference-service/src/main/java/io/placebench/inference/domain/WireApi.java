package io.placebench.inference.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The wire formats inference speaks, one REST client each. */
public enum WireApi {
    /** OpenAI Chat Completions ({@code <base>/chat/completions}); also every OpenAI-compatible server. */
    OPENAI_CHAT("openai-chat"),
    /** OpenAI Responses ({@code <base>/responses}). */
    OPENAI_RESPONSES("openai-responses"),
    /** Anthropic Messages ({@code <base>/messages}, {@code x-api-key}, {@code anthropic-version}). */
    ANTHROPIC("anthropic"),
    /** Gemini generateContent ({@code <base>/models/{model}:generateContent}, {@code x-goog-api-key}). */
    GEMINI("gemini");

    private final String configName;

    WireApi(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<WireApi> fromConfig(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.configName.equals(n)).findFirst();
    }
}
