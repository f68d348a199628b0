package io.placebench.simulator;

import io.placebench.simulator.domain.Layout;
import java.util.List;

/**
 * What the simulator needs from a request of any wire format, after validation.
 *
 * @param textTokens prompt tokens of the text, the format's overhead and any tool definition (images not included)
 * @param images     image parts in order, still encoded
 * @param maxTokens  the output token limit (max_completion_tokens / max_tokens / max_output_tokens /
 *                   maxOutputTokens), null when none
 * @param structured true when the request asked for schema-constrained JSON (json_schema, a forced tool,
 *                   output_config, responseSchema, vLLM structured_outputs)
 * @param layout     the answer layout asked for (from the schema, else the prompt text)
 * @param toolName   Anthropic: the forced tool to answer with ({@code tool_use}), else null
 */
record SimRequest(String model, int textTokens, List<ImagePart> images, Integer maxTokens,
        boolean structured, Layout layout, String toolName) {

    /**
     * One image: {@code url} for OpenAI formats (a data URL or a remote URL), or {@code base64} and
     * {@code mediaType} for Anthropic and Gemini. {@code where} names it in error messages.
     */
    record ImagePart(String where, String url, String base64, String mediaType, String detail) {
    }
}
