package io.placebench.inference.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a request asks for a JSON answer. {@link #AUTO} picks the strongest the wire format offers: OpenAI
 * {@code json_schema} (strict), Anthropic a forced tool, Gemini {@code responseSchema}, vLLM
 * {@code structured_outputs}. {@link #NONE} asks in the prompt only and relies on the repair cascade.
 */
public enum StructuredMode {
    AUTO, JSON_SCHEMA, JSON_OBJECT, TOOL, OUTPUT_CONFIG, RESPONSE_SCHEMA, NONE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<StructuredMode> fromConfig(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(m -> m.configName().equals(n)).findFirst();
    }

    /** The mode actually used on a wire format: AUTO resolved, modes the format lacks mapped to its nearest. */
    public StructuredMode resolve(WireApi api) {
        return switch (api) {
            case ANTHROPIC -> switch (this) {
                case AUTO, JSON_SCHEMA, JSON_OBJECT, RESPONSE_SCHEMA -> TOOL;
                default -> this;
            };
            case GEMINI -> switch (this) {
                case NONE -> NONE;
                case JSON_OBJECT -> JSON_OBJECT;
                default -> RESPONSE_SCHEMA;
            };
            default -> switch (this) {
                case AUTO, TOOL, OUTPUT_CONFIG, RESPONSE_SCHEMA -> JSON_SCHEMA;
                default -> this;
            };
        };
    }
}
