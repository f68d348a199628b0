package io.placebench.simulator;

import java.time.Instant;

/**
 * One API request as the simulator saw it.
 *
 * @param time        when it arrived
 * @param id          the response id answered (chatcmpl-, resp_, msg_, or Gemini's responseId), null for an error
 * @param model       the requested model, null if the body could not be read
 * @param imageSha256 hex SHA-256 of the first image's decoded bytes (the file, not the pixels), null if none
 * @param status      HTTP status answered
 * @param outcome     answer, no_location, refusal, truncated, content_filter, rate_limited, fault, hang or error
 * @param api         wire format: openai-chat, openai-responses, anthropic or gemini
 */
public record RequestLogEntry(Instant time, String id, String model, String imageSha256, int status, String outcome,
        String api) {

    /** The first version's constructor (OpenAI Chat Completions). */
    public RequestLogEntry(Instant time, String id, String model, String imageSha256, int status, String outcome) {
        this(time, id, model, imageSha256, status, outcome, Api.OPENAI_CHAT.wireName());
    }
}
