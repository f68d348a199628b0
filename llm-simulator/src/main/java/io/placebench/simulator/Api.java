package io.placebench.simulator;

import java.util.Arrays;
import java.util.Optional;

/** The wire formats the simulator speaks (each served by its {@link WireFormat}). */
public enum Api {
    /** OpenAI Chat Completions, {@code POST /v1/chat/completions} (also OpenAI-compatible servers). */
    OPENAI_CHAT("openai-chat"),
    /** OpenAI Responses, {@code POST /v1/responses}. */
    OPENAI_RESPONSES("openai-responses"),
    /** Anthropic Messages, {@code POST /v1/messages}. */
    ANTHROPIC("anthropic"),
    /** Gemini generateContent, {@code POST /v1beta/models/{model}:generateContent}. */
    GEMINI("gemini");

    private final String wireName;

    Api(String wireName) {
        this.wireName = wireName;
    }

    /** openai-chat, openai-responses, anthropic or gemini (the request log's {@code api}). */
    public String wireName() {
        return wireName;
    }

    public static Optional<Api> fromWire(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
    }

    WireFormat format() {
        return WireFormat.of(this);
    }
}
