package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.GeoAnswer;
import org.junit.jupiter.api.Test;

class AnswerParserTest {

    static final String IMAGEO = """
            {"image_information":{"environment":"outdoor","scene_type":"landmark","setting":"urban"},
             "reasoning":{"landmark_recognition":"iron lattice tower {famous}","text_and_signage":"none",
                          "cultural_indicators":"Haussmann buildings","spatial_context":"river"},
             "reverse_geocoding":{"confidence":5,
                "address":{"street":"Avenue Gustave Eiffel","city":"Paris","state":"Île-de-France","country":"France"},
                "coordinates":{"latitude":48.8584,"longitude":2.2945}}}""";

    @Test
    void readsTheImageoLayout() {
        AnswerParser.Result r = AnswerParser.parse(IMAGEO);
        assertTrue(r.ok(), r.error());
        GeoAnswer a = r.answer();
        assertEquals(48.8584, a.latitude());
        assertEquals(2.2945, a.longitude());
        assertEquals(5, a.confidence());
        assertEquals("Paris", a.address().city());
        assertEquals("Île-de-France", a.address().state());
        assertEquals("France", a.address().country());
    }

    @Test
    void keepsTheSceneAndTheReasoning() {
        GeoAnswer a = AnswerParser.parse(IMAGEO).answer();
        assertEquals(java.util.Map.of("environment", "outdoor", "scene_type", "landmark", "setting", "urban"),
                a.scene());
        assertEquals("""
                landmark_recognition: iron lattice tower {famous}
                text_and_signage: none
                cultural_indicators: Haussmann buildings
                spatial_context: river""", a.reasoning());
    }

    @Test
    void globesThinkingIsTheReasoning() {
        GeoAnswer a = AnswerParser.parse("<think>Cyrillic signs, onion domes.</think>"
                + "{\"country\":\"Russia\",\"city\":\"Moscow\",\"latitude\":55.75,\"longitude\":37.62}").answer();
        assertEquals("Cyrillic signs, onion domes.", a.reasoning());
        assertNull(a.scene());
        assertNull(AnswerParser.parse("{\"latitude\":1,\"longitude\":2}").answer().reasoning());
    }

    @Test
    void toleratesCodeFencesAndProse() {
        String fenced = "Sure! Here is my analysis.\n```json\n" + IMAGEO + "\n```\nI hope {this} helps.";
        AnswerParser.Result r = AnswerParser.parse(fenced);
        assertTrue(r.ok(), r.error());
        assertEquals(48.8584, r.answer().latitude());
        // prose with braces before the object is skipped too
        AnswerParser.Result r2 = AnswerParser.parse("My {best} guess: " + IMAGEO);
        assertTrue(r2.ok(), r2.error());
    }

    @Test
    void readsNumericStringsAndTheFlatLayout() {
        AnswerParser.Result r = AnswerParser.parse("""
                {"reverse_geocoding":{"confidence":"3","address":{"city":"Quito","country":"Ecuador"},
                 "coordinates":{"latitude":" -0.18 ","longitude":"-78.47"}}}""");
        assertTrue(r.ok(), r.error());
        assertEquals(-0.18, r.answer().latitude());
        assertEquals(-78.47, r.answer().longitude());
        assertEquals(3, r.answer().confidence());
        AnswerParser.Result flat = AnswerParser.parse(
                "{\"latitude\":48.8584,\"longitude\":2.2945,\"country\":\"France\",\"city\":\"Paris\",\"confidence\":0.82}");
        assertTrue(flat.ok(), flat.error());
        assertEquals("Paris", flat.answer().address().city());
        assertNull(flat.answer().confidence(), "a confidence outside 1..5 is dropped, not clamped");
    }

    @Test
    void outOfRangeCoordinatesFailAndAreNeverClamped() {
        AnswerParser.Result lat = AnswerParser.parse(
                "{\"reverse_geocoding\":{\"coordinates\":{\"latitude\":91.5,\"longitude\":10}}}");
        assertFalse(lat.ok());
        assertTrue(lat.error().contains("latitude 91.5"), lat.error());
        AnswerParser.Result lon = AnswerParser.parse(
                "{\"reverse_geocoding\":{\"coordinates\":{\"latitude\":1,\"longitude\":\"-180.01\"}}}");
        assertFalse(lon.ok());
        assertTrue(lon.error().contains("longitude"), lon.error());
        // the bounds themselves are valid
        assertTrue(AnswerParser.parse("{\"latitude\":-90,\"longitude\":180}").ok());
    }

    @Test
    void coordinatesInEveryNotation() throws Exception {
        assertEquals(48.8584, Coordinates.read("48.8584", Coordinates.Axis.LATITUDE));
        assertEquals(-33.8688, Coordinates.read("33.8688 S", Coordinates.Axis.LATITUDE));
        assertEquals(-74.006, Coordinates.read("W 74.006", Coordinates.Axis.LONGITUDE));
        assertEquals(48.858389, Coordinates.read("48°51'30.2\"N", Coordinates.Axis.LATITUDE), 1e-6);
        assertEquals(null, Coordinates.read("N/A", Coordinates.Axis.LATITUDE));
        assertEquals(null, Coordinates.read("unknown", Coordinates.Axis.LONGITUDE));
        org.junit.jupiter.api.Assertions.assertThrows(Coordinates.BadCoordinate.class,
                () -> Coordinates.read("48.8 E", Coordinates.Axis.LATITUDE));
        org.junit.jupiter.api.Assertions.assertThrows(Coordinates.BadCoordinate.class,
                () -> Coordinates.read("48 61 N", Coordinates.Axis.LATITUDE));
        assertEquals(-91.0, Coordinates.read("-91", Coordinates.Axis.LATITUDE), "reading never clamps");
    }

    @Test
    void refusalsInTextAreRefusals() {
        AnswerParser.Result r = AnswerParser.parse("I'm sorry, but I can't help identify where this is.");
        assertFalse(r.ok());
        assertTrue(r.refusal());
        AnswerParser.Result notRefusal = AnswerParser.parse("Somewhere in Europe, I think.");
        assertFalse(notRefusal.refusal());
    }

    @Test
    void garbageMissingAndTruncatedAnswersFail() {
        assertFalse(AnswerParser.parse(null).ok());
        assertFalse(AnswerParser.parse("   ").ok());
        assertFalse(AnswerParser.parse("I cannot tell where this is.").ok());
        assertFalse(AnswerParser.parse("{\"latitude\": \"north-ish\", \"longitude\": 3}").ok());
        assertFalse(AnswerParser.parse("{\"latitude\": null, \"longitude\": 3}").ok());
        assertFalse(AnswerParser.parse("{\"reverse_geocoding\":{\"confidence\":2}}").ok());
        assertFalse(AnswerParser.parse("{\"latitude\": NaN, \"longitude\": 3}").ok());
        String truncated = IMAGEO.substring(0, IMAGEO.indexOf("\"longitude\""));
        AnswerParser.Result r = AnswerParser.parse(truncated);
        assertFalse(r.ok(), "an unfinished object must not yield its complete inner coordinates object");
        assertEquals("no complete JSON object in the answer", r.error());
    }
}
