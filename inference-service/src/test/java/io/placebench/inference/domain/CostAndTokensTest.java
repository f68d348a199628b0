package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostAndTokensTest {

    static final PriceTable PRICES = TestData.prices();

    @Test
    void openAiCostRule() {
        // (1000 - 200) * 2.5e-6 + 200 * 1.25e-6 + 500 * 1e-5 = 0.002 + 0.00025 + 0.005
        ProviderUsage usage = new ProviderUsage(1000, 500, 200, 100);
        assertEquals(0, new BigDecimal("0.00725").compareTo(PRICES.price("gpt-4o").orElseThrow().cost(usage)));
        assertEquals(0, new BigDecimal("0.000435").compareTo(PRICES.price("gpt-4o-mini").orElseThrow().cost(usage)));
        assertEquals(0, new BigDecimal("0.00114").compareTo(PRICES.price("gpt-4.1-mini").orElseThrow().cost(usage)));
    }

    @Test
    void simulatedModelsArePricedLikeTheirRealCounterparts() {
        ProviderUsage usage = new ProviderUsage(1234, 321, 0, 0);
        assertEquals(PRICES.price("gpt-4o").orElseThrow().cost(usage), PRICES.price("sim-strong").orElseThrow().cost(usage));
        assertEquals(PRICES.price("gpt-4o-mini").orElseThrow().cost(usage), PRICES.price("sim-weak").orElseThrow().cost(usage));
        assertEquals(PRICES.price("o4-mini").orElseThrow().cost(usage), PRICES.price("sim-think").orElseThrow().cost(usage));
        assertEquals("overrides", PRICES.price("sim-strong").orElseThrow().source());
        assertEquals("litellm", PRICES.price("gpt-4o").orElseThrow().source());
        assertTrue(PRICES.price("no-such-model").isEmpty());
        assertTrue(PRICES.price("_source").isEmpty());
        assertTrue(PRICES.price("sample_spec").isEmpty());
    }

    @Test
    void cacheAndReasoningPricesFallBackAndOverridesReplaceEntries() throws Exception {
        PriceTable table = PriceTable.read(new ByteArrayInputStream("""
                {"sample_spec":{"input_cost_per_token":0.0,"output_cost_per_token":0.0},
                 "m":{"input_cost_per_token":1e-06,"output_cost_per_token":2e-06,"litellm_provider":"x","mode":"chat"}}
                """.getBytes(StandardCharsets.UTF_8)), "base");
        assertEquals(1, table.all().size());
        // cache reads and writes priced as input, reasoning as output when the entry has no own price
        assertEquals(0, new BigDecimal("0.0003").compareTo(
                table.price("m").orElseThrow().cost(new ProviderUsage(100, 100, 50, 0))));
        PriceTable over = table.with(PriceTable.read(new ByteArrayInputStream(
                "{\"m\":{\"input_cost_per_token\":2e-06,\"output_cost_per_token\":2e-06}}".getBytes(StandardCharsets.UTF_8)),
                "local"));
        assertEquals("local", over.price("m").orElseThrow().source());
        assertThrows(java.io.IOException.class, () -> PriceTable.read(new ByteArrayInputStream(
                "{\"bad\":{\"input_cost_per_token\":-1,\"output_cost_per_token\":0}}".getBytes(StandardCharsets.UTF_8)), "x"));
    }

    @Test
    void longContextTierOfGeminiProAndClaude() {
        ModelPrice pro = PRICES.price("gemini/gemini-2.5-pro").orElseThrow();
        assertEquals(200_000, pro.tierThresholdTokens());
        assertEquals(0, new BigDecimal("0.00225").compareTo(pro.cost(new ProviderUsage(1000, 100, 0, 0))));
        assertEquals(0, new BigDecimal("0.5015").compareTo(pro.cost(new ProviderUsage(200_001, 100, 0, 0)).subtract(
                new BigDecimal("0.0000025"))), "above 200k: 2.50 / 15.00 per M");
        ModelPrice sonnet = PRICES.price("claude-sonnet-4-5").orElseThrow();
        assertEquals(0, new BigDecimal("0.0135").compareTo(sonnet.cost(new ProviderUsage(2000, 500, 0, 0))));
    }

    /** The worked example of provider-apis.md §3: a 1024 x 768 image. */
    @Test
    void imageTokenRulesOfEachProvider() {
        assertEquals(765, new ImageTokenRule("openai-tiles", 85, 170).tokens(1024, 768, "high"));
        assertEquals(85, new ImageTokenRule("openai-tiles", 85, 170).tokens(1024, 768, "low"));
        assertEquals(675, new ImageTokenRule("openai-tiles", 75, 150).tokens(1024, 768, "high"), "o3");
        assertEquals(Math.round(768 * 1.62), new ImageTokenRule("openai-patches", 1.62, 0).tokens(1024, 768, "high"));
        assertEquals(Math.round(768 * 1.72), new ImageTokenRule("openai-patches", 1.72, 0).tokens(1024, 768, "low"),
                "detail has no effect on patch models");
        assertEquals(1049, ImageTokenRule.ANTHROPIC.tokens(1024, 768, "high"), "w*h/750");
        assertEquals(44 * 33, ImageTokenRule.patches(4000, 3000), "scaled down to fit 1536 patches");
        assertTrue(ImageTokenRule.ANTHROPIC.tokens(4000, 3000, "high") <= 1534, "scaled to ~1.15 MP first");
        assertEquals(258, ImageTokenRule.GEMINI.tokens(384, 300, "high"));
        assertEquals(516, ImageTokenRule.GEMINI.tokens(1024, 768, "high"));
        assertEquals(1601 * 4, ImageTokenRule.TOGETHER.tokens(1024, 768, "high"));
        assertEquals(1601, ImageTokenRule.TOGETHER.tokens(500, 400, "high"));
        assertEquals(1105, ImageTokenRule.OPENAI_4O.tokens(2048, 4096, "high"));
        assertEquals(425, ImageTokenRule.OPENAI_4O.tokens(600, 400, "high"), "never scaled up");
        assertEquals(0, ImageTokenRule.OPENAI_4O.tokens(0, 10, "high"));
        assertThrows(IllegalArgumentException.class, () -> new ImageTokenRule("magic", 1, 1));
        assertEquals("openai-patches(1.62)", new ImageTokenRule("openai-patches", 1.62, 0).toString());
    }

    @Test
    void estimateOfOneImage() {
        CallSpec spec = TestData.spec("simulator", "sim-strong", WireApi.OPENAI_CHAT, Flavor.OPENAI, "max_tokens",
                Prompts.IMAGEO, Map.of());
        Estimator.PerImage e = Estimator.perImage(WireApi.OPENAI_CHAT, spec, ImageTokenRule.OPENAI_4O, 1024, 768, 250, 0,
                PRICES.price("sim-strong").orElseThrow());
        long text = 3 + 3 + Estimator.textTokens(Prompts.IMAGEO.system()) + 3 + Estimator.textTokens(Prompts.IMAGEO.user());
        assertEquals(text, e.textTokens());
        assertEquals(765, e.imageTokens());
        assertEquals(text + 765, e.inputTokens());
        assertEquals(250, e.outputTokens());
        BigDecimal expected = new BigDecimal("2.5e-6").multiply(BigDecimal.valueOf(text + 765))
                .add(new BigDecimal("1e-5").multiply(BigDecimal.valueOf(250)));
        assertEquals(0, expected.compareTo(e.costUsd()));
        CallSpec tool = TestData.spec("anthropic", "claude-sonnet-4-5", WireApi.ANTHROPIC, Flavor.OPENAI, "max_tokens",
                Prompts.IMAGEO, Map.of());
        assertTrue(Estimator.promptTextTokens(WireApi.ANTHROPIC, tool) > Estimator.ANTHROPIC_TOOL_OVERHEAD
                + Estimator.textTokens(Prompts.IMAGEO.user()), "the forced tool's definition counts");
    }

    @Test
    void theCatalogueResolvesAPriceForEveryHostedModel() {
        PriceTable prices = PRICES;
        for (ModelEntry e : TestData.CATALOG.all()) {
            String key = e.priceKey() != null ? e.priceKey() : e.model();
            boolean found = prices.price(key).isPresent() || prices.price("gemini/" + key).isPresent()
                    || prices.price("together_ai/" + key).isPresent();
            assertTrue(found, e.key() + " has no price (key " + key + ")");
        }
        assertTrue(TestData.CATALOG.all().size() >= 30);
        assertEquals(List.of("simulator", "simulator-responses", "simulator-anthropic", "simulator-gemini"),
                TestData.CATALOG.all().stream().map(ModelEntry::provider).distinct().limit(4).toList());
    }
}
