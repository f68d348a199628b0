package io.placebench.simulator;

import java.time.Instant;

/**
 * One chat completion request as the simulator saw it.
 *
 * @param time        when it arrived
 * @param id          the chatcmpl id answered, null for an error
 * @param model       the requested model, null if the body could not be read
 * @param imageSha256 hex SHA-256 of the first image's decoded bytes (the file, not the pixels), null if none
 * @param status      HTTP status answered
 * @param outcome     answer, no_location, refusal, truncated, or error
 */
public record RequestLogEntry(Instant time, String id, String model, String imageSha256, int status, String outcome) {
}
