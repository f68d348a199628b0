package io.placebench.inference.domain;

import io.placebench.events.ImportedResult;
import io.placebench.events.PredictionStatus;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interprets an answer recorded elsewhere ({@link ImportedResult}, from an imported result file) without calling
 * any provider: a recorded error maps to its status (TIMEOUT when the text says so or the importer said so,
 * CONTENT_FILTERED or REFUSED when it names a filter or a refusal, else API_ERROR with the HTTP code found in the
 * text); a raw response that is a whole provider response body (Chat Completions, Responses, Anthropic, Gemini)
 * is interpreted by its wire format, any other text by {@link AnswerParser}. Tokens and cost are the caller's to
 * take from the record.
 */
public final class ImportedResults {

    private static final Pattern HTTP = Pattern.compile("\\b([45]\\d\\d)\\b");

    private ImportedResults() {
    }

    public static Interpretation interpret(ImportedResult imported) {
        String error = imported.error();
        PredictionStatus recorded = imported.status();
        if ((error != null && !error.isBlank()) || (recorded != null && recorded != PredictionStatus.OK)) {
            String text = error == null ? "" : error.strip();
            String lower = text.toLowerCase(Locale.ROOT);
            PredictionStatus status = recorded != null && recorded != PredictionStatus.OK ? recorded
                    : lower.contains("timeout") || lower.contains("timed out") || lower.contains("deadline")
                            ? PredictionStatus.TIMEOUT
                            : lower.contains("content_filter") || lower.contains("content filter")
                                    || lower.contains("safety") ? PredictionStatus.CONTENT_FILTERED
                            : lower.contains("refus") ? PredictionStatus.REFUSED : PredictionStatus.API_ERROR;
            Matcher m = HTTP.matcher(text);
            Integer http = status == PredictionStatus.API_ERROR && m.find() ? Integer.valueOf(m.group(1)) : null;
            String message = "imported: " + (text.isEmpty() ? status.name() : WireFormat.Support.cut(text));
            return new Interpretation(status, null, message, http, status == PredictionStatus.TIMEOUT ? "timeout"
                    : "imported", null, null, null, false);
        }
        String raw = imported.rawResponse();
        if (raw == null || raw.isBlank()) {
            return Interpretation.of(PredictionStatus.PARSE_FAILED, null, "imported: the record has no response", null);
        }
        WireApi envelope = envelope(raw);
        if (envelope != null) {
            return WireFormat.of(envelope).interpret(200, raw);
        }
        return Interpretation.parsed(AnswerParser.parse(raw), null);
    }

    /** The wire format whose response body this text is, or null when it is just an answer. */
    static WireApi envelope(String raw) {
        String t = raw.strip();
        if (!t.startsWith("{")) {
            return null;
        }
        var root = WireFormat.Support.readJson(t);
        if (root == null || !root.isObject()) {
            return null;
        }
        if (root.has("choices") && root.path("choices").isArray()) {
            return WireApi.OPENAI_CHAT;
        }
        if ("response".equals(root.path("object").asText()) && root.has("output")) {
            return WireApi.OPENAI_RESPONSES;
        }
        if ("message".equals(root.path("type").asText()) && root.has("content")) {
            return WireApi.ANTHROPIC;
        }
        if (root.has("candidates") || root.has("promptFeedback")) {
            return WireApi.GEMINI;
        }
        return null;
    }
}
