package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.GeoAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The repair cascade against a corpus of malformed, truncated, refused and odd answers: the hand-written cases of
 * {@code corpus/answers.jsonl} (with their expected outcome), every cut of three well-formed answers, and random
 * corruptions. Nothing may crash; a truncated object never yields an answer; coordinates are never out of range.
 */
class RepairCorpusTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> handWritten() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (String line : TestData.text("corpus/answers.jsonl").split("\n")) {
            if (!line.isBlank()) {
                JsonNode c = JSON.readTree(line);
                cases.add(Arguments.of(c.get("note").asText(), c));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handWritten")
    void handWrittenCase(String note, JsonNode c) {
        AnswerParser.Result r = AnswerParser.parse(c.get("text").asText());
        switch (c.get("expect").asText()) {
            case "OK" -> {
                assertTrue(r.ok(), note + ": " + r.error());
                double tol = c.path("tol").asDouble(1e-9);
                assertEquals(c.get("lat").asDouble(), r.answer().latitude(), tol, note);
                assertEquals(c.get("lon").asDouble(), r.answer().longitude(), tol, note);
                if (c.has("city")) {
                    assertEquals(c.get("city").asText(), r.answer().address().city(), note);
                }
                if (c.has("confidence")) {
                    assertEquals(c.get("confidence").isNull() ? null : c.get("confidence").asInt(),
                            r.answer().confidence(), note);
                }
            }
            case "REFUSED" -> {
                assertTrue(!r.ok() && r.refusal(), note + ": " + r.error());
                assertTrue(r.error().startsWith("refusal: "), r.error());
            }
            default -> {
                assertTrue(!r.ok() && !r.refusal(), note + ": parsed " + r.answer());
                assertNotNull(r.error());
                if (c.hasNonNull("errorContains")) {
                    assertTrue(r.error().contains(c.get("errorContains").asText()), note + ": " + r.error());
                }
            }
        }
    }

    static final String[] WELL_FORMED = {
        AnswerParserTest.IMAGEO,
        "{\"reasoning\":\"Cyrillic signs, Soviet blocks\",\"country\":\"Russia\",\"city\":\"Moscow\",\"latitude\":55.7558,\"longitude\":37.6173,\"confidence\":3}",
        "Here it is: ```json\n{\"latitude\": -33.8688, \"longitude\": 151.2093}\n``` Cheers!",
    };

    static Stream<Arguments> truncations() {
        List<Arguments> cuts = new ArrayList<>();
        for (int a = 0; a < WELL_FORMED.length; a++) {
            String text = WELL_FORMED[a];
            for (int i = 0; i < 45; i++) {
                int at = (int) ((long) text.length() * i / 45);
                cuts.add(Arguments.of(a, at));
            }
        }
        return cuts.stream();
    }

    /** A cut answer either fails or, when the cut falls after the whole object, yields exactly its coordinates. */
    @ParameterizedTest(name = "answer {0} cut at {1}")
    @MethodSource("truncations")
    void everyCutOfAWellFormedAnswer(int which, int at) {
        String full = WELL_FORMED[which];
        GeoAnswer complete = AnswerParser.parse(full).answer();
        AnswerParser.Result r = AnswerParser.parse(full.substring(0, at));
        if (r.ok()) {
            assertEquals(complete.latitude(), r.answer().latitude(), "cut at " + at);
            assertEquals(complete.longitude(), r.answer().longitude(), "cut at " + at);
            assertTrue(at > full.lastIndexOf('}'), "only a cut after the whole object may parse: " + at);
        } else {
            assertNotNull(r.error());
        }
    }

    static final String NOISE = "{}[]\"':,0-9 NSEW";

    /** Random corruptions (deleted, doubled or swapped characters) never crash and never break the ranges. */
    @Test
    void randomCorruptionsNeverCrash() {
        Random random = new Random(42);
        int parsed = 0;
        for (int n = 0; n < 400; n++) {
            StringBuilder text = new StringBuilder(WELL_FORMED[n % WELL_FORMED.length]);
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                int i = random.nextInt(text.length());
                switch (random.nextInt(4)) {
                    case 0 -> text.deleteCharAt(i);
                    case 1 -> text.insert(i, text.charAt(i));
                    case 2 -> text.setCharAt(i, NOISE.charAt(random.nextInt(NOISE.length())));
                    default -> text.insert(i, "\\u");
                }
            }
            AnswerParser.Result r = AnswerParser.parse(text.toString());
            if (r.ok()) {
                parsed++;
                assertTrue(Math.abs(r.answer().latitude()) <= 90 && Math.abs(r.answer().longitude()) <= 180, text.toString());
            } else {
                assertNotNull(r.error());
            }
        }
        assertTrue(parsed > 100, "most single-character corruptions are repaired or harmless: " + parsed);
    }

    @Test
    void theCorpusIsLargeEnough() throws Exception {
        long handWritten = handWritten().count();
        long cuts = truncations().count();
        assertTrue(handWritten >= 100, "hand-written " + handWritten);
        assertTrue(handWritten + cuts + 400 >= 200, "corpus " + (handWritten + cuts + 400));
    }
}
