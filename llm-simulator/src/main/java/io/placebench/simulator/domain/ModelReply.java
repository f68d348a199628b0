package io.placebench.simulator.domain;

/**
 * What a simulated model says about one image, before it is wrapped into an API response.
 *
 * @param content      the assistant text (null for a refusal)
 * @param refusal      the refusal text (null unless refused)
 * @param finishReason OpenAI's finish_reason: "stop", or "length" for a truncated answer
 * @param outcome      for the request log: answer, no_location, refusal or truncated
 */
public record ModelReply(String content, String refusal, String finishReason, String outcome) {

    public static final String ANSWER = "answer";
    public static final String NO_LOCATION = "no_location";
    public static final String REFUSAL = "refusal";
    public static final String TRUNCATED = "truncated";

    /** The text cut at 35-85 % of its length, mid-object, as when a model runs out of output tokens. */
    public static String cutMidObject(String text, DetRandom rng) {
        return text.substring(0, (int) (text.length() * (0.35 + 0.5 * rng.nextDouble())));
    }
}
