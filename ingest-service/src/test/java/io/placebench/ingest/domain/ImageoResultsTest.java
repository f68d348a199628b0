package io.placebench.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.PredictionStatus;
import io.placebench.events.TokenUsage;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageoResultsTest {

    static ImageoResults.Parsed sample(String name) throws IOException {
        try (var in = new InputStreamReader(ImageoResultsTest.class.getResourceAsStream("/samples/" + name),
                StandardCharsets.UTF_8)) {
            return ImageoResults.parse(in);
        }
    }

    @Test
    void readsAnswersErrorsTokensAndCostsAndReportsBadLines() throws IOException {
        ImageoResults.Parsed parsed = sample("dataset3_model-a.jsonl");
        assertEquals(6, parsed.lines());
        assertEquals(1, parsed.groups().size());
        ImageoResults.Group group = parsed.groups().get(0);
        assertEquals("openai", group.provider());
        assertEquals("model-a", group.model());
        assertEquals(List.of(1, 2, 3, 5), group.lines().stream().map(ImageoResults.Line::line).toList());
        ImageoResults.Line first = group.lines().get(0);
        assertTrue(first.rawResponse().contains("Golden Gate Bridge"));
        assertNull(first.error());
        assertNull(first.status());
        assertEquals(new TokenUsage(1710, 256, 0, 0, 0), first.usage());
        assertEquals(new BigDecimal("0.005468"), first.costUsd());
        assertEquals(List.of("QWERTYUIOPASDFGHJKLZXCVBNMQWER.jpg", "QWERTYUIOPASDFGHJKLZXCVBNMQWER"),
                first.candidateIds());
        ImageoResults.Line timeout = group.lines().get(1);
        assertNull(timeout.rawResponse());
        assertEquals("Request timed out.", timeout.error());
        assertEquals(PredictionStatus.TIMEOUT, timeout.status());
        assertEquals(BigDecimal.ZERO, timeout.costUsd());
        assertEquals(List.of(4, 6), parsed.problems().stream().map(RowProblem::row).toList());
        assertEquals("duplicate result for this image (first in line 1)", parsed.problems().get(0).reason());
        assertTrue(parsed.problems().get(1).reason().startsWith("not valid JSON"));
    }

    @Test
    void groupsByProviderAndModelAndChecksFields() throws IOException {
        ImageoResults.Parsed mixed = sample("dataset3_mixed.jsonl");
        assertEquals(List.of("model-b", "model-c"), mixed.groups().stream().map(ImageoResults.Group::model).toList());
        assertEquals(PredictionStatus.API_ERROR, mixed.groups().get(1).lines().get(0).status());

        ImageoResults.Parsed bad = ImageoResults.parse(new StringReader("""
                {"image_file": "a.jpg", "provider": "openai"}
                {"image_file": "b.jpg", "provider": "openai", "model_used": "m", "usage_info": {"input_tokens": -3}}
                [1, 2]
                {"image_file": "sub/c.png", "provider": "openai", "model_used": "m", "usage_info": {"prompt_tokens": 7, "completion_tokens": 2, "prompt_tokens_details": {"cached_tokens": 4}}}
                """));
        assertEquals(List.of(new RowProblem(1, "model_used", null, "model_used is required"),
                new RowProblem(2, "usage_info.input_tokens", "-3", "input_tokens must be a whole number of 0 or more"),
                new RowProblem(3, null, null, "not a JSON object")), bad.problems());
        ImageoResults.Line c = bad.groups().get(0).lines().get(0);
        assertEquals(new TokenUsage(7, 2, 4, 0, 0), c.usage());
        assertNull(c.costUsd());
        assertEquals(List.of("sub/c.png", "c.png", "c"), c.candidateIds());
    }
}
