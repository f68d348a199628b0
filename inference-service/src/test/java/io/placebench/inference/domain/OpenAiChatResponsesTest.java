package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.events.PredictionStatus;
import org.junit.jupiter.api.Test;

class OpenAiChatResponsesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A response in the documented shape (openai-openapi CreateChatCompletionResponse). */
    static String response(String content, String refusal, String finishReason) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1741570283).put("model", "gpt-4o-2024-08-06");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        message.put("content", content);
        message.put("refusal", refusal);
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        ObjectNode usage = root.putObject("usage").put("prompt_tokens", 1117).put("completion_tokens", 3812)
                .put("total_tokens", 4929);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 64).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 3072).put("audio_tokens", 0);
        return root.toString();
    }

    @Test
    void okAnswerWithUsage() {
        Interpretation i = OpenAiChatResponses.interpret(200, response(AnswerParserTest.IMAGEO, null, "stop"));
        assertEquals(PredictionStatus.OK, i.status());
        assertEquals(48.8584, i.answer().latitude());
        assertEquals(new ProviderUsage(1117, 3812, 64, 3072), i.usage());
        assertNull(i.error());
    }

    @Test
    void refusalWinsOverContent() {
        Interpretation i = OpenAiChatResponses.interpret(200,
                response(null, "I can't help with identifying this location.", "stop"));
        assertEquals(PredictionStatus.REFUSED, i.status());
        assertNull(i.answer());
        assertTrue(i.error().contains("can't help"));
        assertNotNull(i.usage(), "a refusal still reports (and is billed for) its tokens");
    }

    @Test
    void contentFilter() {
        Interpretation i = OpenAiChatResponses.interpret(200, response(null, null, "content_filter"));
        assertEquals(PredictionStatus.CONTENT_FILTERED, i.status());
        assertNull(i.answer());
    }

    @Test
    void truncationKeepsTheAnswerOnlyWhenTheJsonIsComplete() {
        String cut = AnswerParserTest.IMAGEO.substring(0, 200);
        Interpretation partial = OpenAiChatResponses.interpret(200, response(cut, null, "length"));
        assertEquals(PredictionStatus.TRUNCATED, partial.status());
        assertNull(partial.answer());
        Interpretation complete = OpenAiChatResponses.interpret(200,
                response(AnswerParserTest.IMAGEO, null, "length"));
        assertEquals(PredictionStatus.TRUNCATED, complete.status());
        assertNotNull(complete.answer());
    }

    @Test
    void unparseableContentAndBodies() {
        assertEquals(PredictionStatus.PARSE_FAILED,
                OpenAiChatResponses.interpret(200, response("Somewhere in Europe, I think.", null, "stop")).status());
        assertEquals(PredictionStatus.PARSE_FAILED, OpenAiChatResponses.interpret(200, "<html>oops</html>").status());
        assertEquals(PredictionStatus.PARSE_FAILED,
                OpenAiChatResponses.interpret(200, "{\"choices\":[]}").status());
    }

    @Test
    void httpErrorsKeepStatusTypeAndCode() {
        Interpretation notFound = OpenAiChatResponses.interpret(404, """
                {"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.",
                 "type":"invalid_request_error","param":null,"code":"model_not_found"}}""");
        assertEquals(PredictionStatus.API_ERROR, notFound.status());
        assertEquals(404, notFound.httpStatus());
        assertEquals("model_not_found", notFound.errorCode());
        assertTrue(notFound.error().startsWith("HTTP 404 type=invalid_request_error code=model_not_found: The model"),
                notFound.error());
        Interpretation gateway = OpenAiChatResponses.interpret(502, "Bad Gateway");
        assertEquals(502, gateway.httpStatus());
        assertEquals("HTTP 502: Bad Gateway", gateway.error());
    }

    @Test
    void redactsKeysAndBearerTokens() {
        String text = "{\"error\":\"Incorrect API key provided: sk-proj-abcdEFGH1234567890. "
                + "Authorization: Bearer abc.def-ghi_jkl1234\"}";
        String redacted = Redactor.redact(text, "my-literal-secret");
        assertFalse(redacted.contains("sk-proj-abcd"), redacted);
        assertFalse(redacted.contains("abc.def-ghi"), redacted);
        assertTrue(redacted.contains("Bearer [REDACTED]"), redacted);
        assertEquals("x [REDACTED] y", Redactor.redact("x my-literal-secret y", "my-literal-secret"));
    }
}
