package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CostAndTokensTest {

    static PriceTable prices;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = CostAndTokensTest.class.getClassLoader().getResourceAsStream("prices.json")) {
            prices = PriceTable.read(in);
        }
    }

    @Test
    void openAiCostRule() {
        // (1000 - 200) * 2.5e-6 + 200 * 1.25e-6 + 500 * 1e-5 = 0.002 + 0.00025 + 0.005
        ProviderUsage usage = new ProviderUsage(1000, 500, 200, 100);
        assertEquals(0, new BigDecimal("0.00725").compareTo(prices.price("gpt-4o").orElseThrow().cost(usage)));
        // 800 * 1.5e-7 + 200 * 7.5e-8 + 500 * 6e-7 = 0.00012 + 0.000015 + 0.0003
        assertEquals(0, new BigDecimal("0.000435").compareTo(prices.price("gpt-4o-mini").orElseThrow().cost(usage)));
        // 800 * 4e-7 + 200 * 1e-7 + 500 * 1.6e-6 = 0.00032 + 0.00002 + 0.0008
        assertEquals(0, new BigDecimal("0.00114").compareTo(prices.price("gpt-4.1-mini").orElseThrow().cost(usage)));
    }

    @Test
    void simulatedModelsArePricedLikeTheirRealCounterparts() {
        ProviderUsage usage = new ProviderUsage(1234, 321, 0, 0);
        assertEquals(prices.price("gpt-4o").orElseThrow().cost(usage), prices.price("sim-strong").orElseThrow().cost(usage));
        assertEquals(prices.price("gpt-4o-mini").orElseThrow().cost(usage), prices.price("sim-weak").orElseThrow().cost(usage));
        assertEquals("placebench-simulator", prices.price("sim-strong").orElseThrow().litellmProvider());
        assertTrue(prices.price("gpt-4o").orElseThrow().supportsVision());
        assertTrue(prices.price("no-such-model").isEmpty());
        assertTrue(prices.price("_meta").isEmpty());
    }

    @Test
    void cachedInputFallsBackToTheInputPriceAndSampleSpecIsSkipped() throws Exception {
        PriceTable table = PriceTable.read(new ByteArrayInputStream("""
                {"sample_spec":{"input_cost_per_token":0.0,"output_cost_per_token":0.0},
                 "m":{"input_cost_per_token":1e-06,"output_cost_per_token":2e-06,"litellm_provider":"x","mode":"chat"}}
                """.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, table.all().size());
        assertEquals(0, new BigDecimal("0.0003").compareTo(
                table.price("m").orElseThrow().cost(new ProviderUsage(100, 100, 50, 0))));
    }

    @Test
    void imageTokensByTheHighDetailTileRule() {
        assertEquals(765, ImageTokens.highDetail(1024, 768));     // 4 tiles
        assertEquals(1105, ImageTokens.highDetail(2048, 4096));  // -> 1024x2048 -> 768x1536: 6 tiles
        assertEquals(255, ImageTokens.highDetail(512, 512));     // 1 tile
        assertEquals(425, ImageTokens.highDetail(600, 400));     // 2 tiles, never scaled up
        assertEquals(0, ImageTokens.highDetail(0, 10));
    }
}
