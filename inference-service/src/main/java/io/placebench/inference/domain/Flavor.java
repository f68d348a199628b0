package io.placebench.inference.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Quirks of OpenAI-compatible servers behind {@link WireApi#OPENAI_CHAT}:
 * <ul>
 * <li>{@code vllm}: structured output goes in {@code structured_outputs:{json:schema}} (the {@code guided_*}
 * fields were removed in v0.12.0);</li>
 * <li>{@code llamacpp}: {@code response_format:{type:json_schema, schema}} without the {@code json_schema}
 * wrapper;</li>
 * <li>{@code ollama}: images only as base64 data URLs (which is all inference sends);</li>
 * <li>{@code openrouter}: the response's {@code usage.cost} is the provider-reported cost (preferred over the
 * price table);</li>
 * <li>{@code together}, {@code lmstudio}, {@code openai}: standard {@code response_format} json_schema.</li>
 * </ul>
 */
public enum Flavor {
    OPENAI, VLLM, OLLAMA, LLAMACPP, LMSTUDIO, TOGETHER, OPENROUTER;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Flavor> fromConfig(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace(".", "");
        return Arrays.stream(values()).filter(f -> f.configName().equals(n)).findFirst();
    }
}
