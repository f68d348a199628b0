package io.placebench.simulator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelReplyTest {

    @Test
    void aCutKeepsBetween35And85PercentOfTheText() {
        String text = "{\"reverse_geocoding\":{\"confidence\":4,\"coordinates\":{\"latitude\":48.85840,\"longitude\":2.29450}}}";
        int shortest = text.length();
        int longest = 0;
        for (int i = 0; i < 500; i++) {
            String cut = ModelReply.cutMidObject(text, DetRandom.of("cut", i));
            assertTrue(text.startsWith(cut));
            shortest = Math.min(shortest, cut.length());
            longest = Math.max(longest, cut.length());
        }
        assertTrue(shortest >= (int) (text.length() * 0.35) && longest < (int) (text.length() * 0.85) + 1,
                shortest + ".." + longest + " of " + text.length());
        assertTrue(longest - shortest > text.length() / 3, "the cut point varies: " + shortest + ".." + longest);
        assertEquals(ModelReply.cutMidObject(text, DetRandom.of("cut", 7)), ModelReply.cutMidObject(text, DetRandom.of("cut", 7)));
    }
}
