package io.placebench.simulator;

/**
 * The model's turn, before a wire format renders it: text (null for a refusal or a filtered answer), tokens and
 * the request-log outcome.
 */
record Completion(String id, String text, String refusal, Finish finish, int promptTokens, int imageTokens,
        int outputTokens, int reasoningTokens, String outcome) {

    /** How the model's turn ended, before each format names it. */
    enum Finish { STOP, LENGTH, REFUSAL, FILTER }
}
