package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.ImportedResult;
import io.placebench.events.PredictionStatus;
import io.placebench.events.TokenUsage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model catalogue, run parameters, prompt files and imported results. */
class CatalogueTest {

    static ModelCatalog read(String yaml) throws Exception {
        return ModelCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void aUserCatalogueExtendsAndOverridesTheBundledOne() throws Exception {
        ModelCatalog user = read("""
                models:
                  - provider: simulator
                    model: sim-strong
                    rpm: 600
                    maxConcurrency: 48
                    imageTokens: {rule: openai-tiles, base: 85, tile: 170}
                  - provider: vllm
                    model: my/model
                    price: self-hosted
                    structuredOutput: none
                    parameters: {max_tokens: 300, temperature: 0}
                """);
        ModelCatalog merged = TestData.CATALOG.with(user);
        assertEquals(600, merged.find("simulator", "sim-strong").orElseThrow().rpm());
        assertEquals("test.yaml", merged.find("simulator", "sim-strong").orElseThrow().source());
        ModelEntry mine = merged.find("vllm", "my/model").orElseThrow();
        assertEquals(StructuredMode.NONE, mine.structuredOutput());
        assertEquals(300, ((Number) mine.parameters().get("max_tokens")).intValue());
        assertEquals(TestData.CATALOG.all().size() + 1, merged.all().size());
    }

    @Test
    void badEntriesAreNamedWithTheirField() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> read("models:\n  - {provider: x}\n"));
        assertTrue(a.getMessage().contains("test.yaml: models[0]: model is required"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> read("models:\n  - {provider: x, model: y, imageTokens: {rule: magic}}\n"));
        assertTrue(b.getMessage().contains("models[0].imageTokens: unknown image token rule 'magic'"), b.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> read("models:\n  - {provider: x, model: y, rmp: 5}\n"));
        assertTrue(c.getMessage().contains("unknown field 'rmp'"), c.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> read("models:\n  - {provider: x, model: y, structuredOutput: xml}\n"));
        assertTrue(d.getMessage().contains("structuredOutput"), d.getMessage());
    }

    @Test
    void runParametersAreValidatedAndMergedOverTheCatalogueDefaults() {
        CallSpec think = TestData.spec("simulator", "sim-think", WireApi.OPENAI_CHAT, Flavor.OPENAI, "max_tokens",
                Prompts.IMAGEO, Map.of("temperature", 0.3));
        assertEquals(4000, think.maxTokens(), "the catalogue's default");
        assertEquals("max_completion_tokens", think.maxTokensField());
        assertNull(think.temperature(), "dropped: the model rejects it");
        CallSpec strong = TestData.spec("simulator", "sim-strong", WireApi.OPENAI_CHAT, Flavor.OPENAI, "max_tokens",
                Prompts.GLOBE, Map.of("maxTokens", "1200", "detail", "low"));
        assertEquals(1200, strong.maxTokens());
        assertEquals("low", strong.detail());
        assertEquals(StructuredMode.JSON_SCHEMA, strong.structured());
        assertEquals(StructuredMode.TOOL, StructuredMode.AUTO.resolve(WireApi.ANTHROPIC));
        assertEquals(StructuredMode.RESPONSE_SCHEMA, StructuredMode.AUTO.resolve(WireApi.GEMINI));
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of("max_tokens", "lots"),
                Map.of("max_tokens", 0), Map.of("temperature", "warm"), Map.of("temperature", 5), Map.of("detail", "ultra"),
                Map.of("reasoning_effort", "extreme"), Map.of("structured_output", "xml"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestData.spec("simulator",
                    "sim-strong", WireApi.OPENAI_CHAT, Flavor.OPENAI, "max_tokens", Prompts.IMAGEO, bad), bad.toString());
            String name = bad.keySet().iterator().next();
            assertTrue(e.getMessage().startsWith(name.equals("max_tokens") ? "max_tokens" : name), e.getMessage());
        }
        assertEquals(new BigDecimal("2.5"), RunParameters.budgetUsd(Map.of("budgetUsd", "2.5")));
        assertNull(RunParameters.budgetUsd(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> RunParameters.budgetUsd(Map.of("budgetUsd", -1)));
    }

    @Test
    void promptsLoadFromFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("short.yaml"), """
                id: imageo-short
                version: 2
                layout: coords
                expectedOutputTokens: 15
                system: You geolocate photos.
                user: |
                  Reply with {"latitude": ..., "longitude": ...} only.
                """);
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        Prompts prompts = Prompts.withDirectory(dir);
        Prompt p = prompts.byId("imageo-short").orElseThrow();
        assertEquals(2, p.version());
        assertEquals(AnswerLayout.COORDS, p.layout());
        assertEquals(15, p.expectedOutputTokens());
        assertEquals(Prompt.sha256Hex(p.system() + "\n\n" + p.user()), p.hash());
        assertTrue(p.source().endsWith("short.yaml"));
        assertEquals(4, prompts.all().size());

        Files.writeString(dir.resolve("z-dup.json"), "{\"id\":\"globe\",\"version\":1,\"system\":\"s\",\"user\":\"u\"}");
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Prompts.withDirectory(dir));
        assertTrue(dup.getMessage().contains("'globe' is already defined by built-in"), dup.getMessage());
        Files.delete(dir.resolve("z-dup.json"));
        Files.writeString(dir.resolve("bad.yaml"), "id: x\nversion: 1\nlayout: poem\nsystem: s\nuser: u\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Prompts.withDirectory(dir));
        assertTrue(bad.getMessage().contains("bad.yaml: layout 'poem'"), bad.getMessage());
    }

    @Test
    void importedResultsAreParsedNotCalled() {
        TokenUsage usage = new TokenUsage(1710, 256, 0, 0, 0);
        Interpretation text = ImportedResults.interpret(new ImportedResult("f#1", "```json\n" + AnswerParserTest.IMAGEO
                + "\n```", null, null, usage, new BigDecimal("0.005468"), 1200L));
        assertEquals(PredictionStatus.OK, text.status());
        assertEquals(48.8584, text.answer().latitude());
        Interpretation envelope = ImportedResults.interpret(new ImportedResult("f#2",
                TestData.text("fixtures/anthropic-tool-use.json"), null, null, usage, null, null));
        assertEquals(PredictionStatus.OK, envelope.status(), "a whole provider response is read by its format");
        Interpretation timeout = ImportedResults.interpret(new ImportedResult("f#3", null, "Request timed out",
                PredictionStatus.TIMEOUT, TokenUsage.NONE, BigDecimal.ZERO, null));
        assertEquals(PredictionStatus.TIMEOUT, timeout.status());
        Interpretation http = ImportedResults.interpret(new ImportedResult("f#4", null,
                "Error code: 429 - rate limit exceeded", null, TokenUsage.NONE, null, null));
        assertEquals(PredictionStatus.API_ERROR, http.status());
        assertEquals(429, http.httpStatus());
        Interpretation empty = ImportedResults.interpret(new ImportedResult("f#5", "  ", null, null, null, null, null));
        assertEquals(PredictionStatus.PARSE_FAILED, empty.status());
        Interpretation refused = ImportedResults.interpret(new ImportedResult("f#6", "I'm sorry, I can't help with that.",
                null, null, null, null, null));
        assertEquals(PredictionStatus.REFUSED, refused.status());
    }
}
