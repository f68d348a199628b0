package io.placebench.scoring.messaging;

/** A record that could be neither processed nor sent to its dead-letter topic (permanently). */
final class NotDeadLettered extends RuntimeException {

    NotDeadLettered(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }
}
