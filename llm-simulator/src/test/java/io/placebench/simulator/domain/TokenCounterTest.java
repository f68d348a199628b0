package io.placebench.simulator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenCounterTest {

    @Test
    void openAiTileRuleExamples() {
        assertEquals(765, TokenCounter.imageTokens(1024, 768, "high"));   // the worked example: 4 tiles
        assertEquals(765, TokenCounter.imageTokens(1024, 1024, "auto"));  // scaled to 768x768: 4 tiles
        assertEquals(1105, TokenCounter.imageTokens(2048, 4096, "high")); // 1024x2048 -> 768x1536: 6 tiles
        assertEquals(255, TokenCounter.imageTokens(512, 512, "high"));    // small images are not upscaled
        assertEquals(425, TokenCounter.imageTokens(640, 480, "auto"));    // 2 tiles
        assertEquals(255, TokenCounter.imageTokens(160, 120, "auto"));
        assertEquals(85, TokenCounter.imageTokens(4000, 3000, "low"));
    }

    @Test
    void textIsAboutFourCharactersPerToken() {
        assertEquals(0, TokenCounter.textTokens(""));
        assertEquals(1, TokenCounter.textTokens("abc"));
        assertEquals(1, TokenCounter.textTokens("abcd"));
        assertEquals(2, TokenCounter.textTokens("abcde"));
        assertEquals(250, TokenCounter.textTokens("x".repeat(1000)));
    }
}
