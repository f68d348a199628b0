package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CappedTextTest {

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aTextWithinTheCapIsKeptWhole() {
        assertEquals(new CappedText.Capped("short", false), CappedText.cap("short"));
        String exactly = "é".repeat(CappedText.MAX_BYTES / 2);
        assertEquals(new CappedText.Capped(exactly, false), CappedText.cap(exactly), "65,536 bytes exactly");
        assertEquals(new CappedText.Capped(null, false), CappedText.cap(null));
        assertNull(CappedText.cap(null).text());
    }

    @Test
    void aLongerTextKeepsItsBeginningAndSaysHowMuchWasCut() {
        String text = "a".repeat(100_000);
        CappedText.Capped capped = CappedText.cap(text);
        assertTrue(capped.truncated());
        assertTrue(bytes(capped.text()) <= CappedText.MAX_BYTES, "never over the cap");
        String marker = "\n[truncated by analytics-service: the first 65457 of 100000 bytes (UTF-8) kept]";
        assertEquals("a".repeat(65457) + marker, capped.text());
        assertEquals(CappedText.MAX_BYTES, bytes(capped.text()), "ASCII fills the cap exactly");
    }

    @Test
    void neverCutsACharacterInHalf() {
        // 4-byte characters (a surrogate pair each) do not divide the budget: the last one that fits is kept whole
        String text = "\uD83C\uDF0D".repeat(30);
        CappedText.Capped capped = CappedText.cap(text, 100);
        assertTrue(capped.truncated());
        String kept = capped.text().substring(0, capped.text().indexOf('\n'));
        assertEquals(0, kept.length() % 2);
        assertEquals(kept.length() / 2 * 4, bytes(kept));
        assertTrue(bytes(capped.text()) <= 100, capped::text);
        assertTrue(capped.text().endsWith("the first " + bytes(kept) + " of 120 bytes (UTF-8) kept]"), capped::text);
        assertFalse(Character.isHighSurrogate(kept.charAt(kept.length() - 1)));
    }
}
