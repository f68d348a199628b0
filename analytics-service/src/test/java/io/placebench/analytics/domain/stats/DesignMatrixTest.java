package io.placebench.analytics.domain.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.analytics.domain.stats.DesignMatrix.Dropped;
import io.placebench.analytics.domain.stats.DesignMatrix.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesignMatrixTest {

    // ---- shared by the regression tests: regression-reference/reference.json, made by make_reference.py ----

    static JsonNode reference() {
        try (InputStream in = DesignMatrixTest.class.getResourceAsStream("/regression-reference/reference.json")) {
            if (in == null) {
                fail("regression-reference/reference.json not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw rows of a reference data set ({@code features}, {@code rows} as arrays, JSON null = missing). */
    static List<Map<String, String>> rows(JsonNode dataset) {
        List<String> features = strings(dataset.get("features"));
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode row : dataset.get("rows")) {
            Map<String, String> map = new HashMap<>();
            for (int f = 0; f < features.size(); f++) {
                map.put(features.get(f), row.get(f).isNull() ? null : row.get(f).asText());
            }
            rows.add(map);
        }
        return rows;
    }

    static DesignMatrix design(JsonNode dataset, JsonNode root) {
        return DesignMatrix.oneHot(strings(dataset.get("features")), rows(dataset), root.get("minLevelCount").asInt());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    // ---- the design of the reference data set, against the Python implementation of the same rule ----

    @Test
    void referenceDesignHasThePythonTermsAndReferenceLevels() {
        JsonNode root = reference();
        JsonNode main = root.get("main");
        DesignMatrix design = design(main, root);

        assertEquals(strings(main.get("design").get("terms")), design.terms());
        for (DesignMatrix.Factor factor : design.factors()) {
            assertEquals(main.get("design").get("references").get(factor.feature()).asText(), factor.reference(),
                    factor.feature());
        }
        assertEquals(List.of(
                new Dropped("scene_type=cave", Reason.RARE_LEVEL, "n=3 < 5, pooled into scene_type=(other)"),
                new Dropped("scene_type=desert", Reason.RARE_LEVEL, "n=4 < 5, pooled into scene_type=(other)")),
                design.dropped());
        assertEquals(300, design.rowCount());
    }

    // ---- hand-made cases ----

    private static Map<String, String> row(String... keyValues) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put(keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    private static List<Map<String, String>> repeat(int times, Map<String, String> row) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            rows.add(row);
        }
        return rows;
    }

    @SafeVarargs
    private static List<Map<String, String>> concat(List<Map<String, String>>... parts) {
        List<Map<String, String>> all = new ArrayList<>();
        for (List<Map<String, String>> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static double[] column(DesignMatrix design, String term) {
        int j = design.terms().indexOf(term);
        if (j < 0) {
            fail(term + " not in " + design.terms());
        }
        double[] column = new double[design.rowCount()];
        for (int i = 0; i < column.length; i++) {
            column[i] = design.value(i, j);
        }
        return column;
    }

    @Test
    void mostFrequentLevelIsTheReferenceAndColumnsAreAlphabetical() {
        List<Map<String, String>> rows = concat(
                repeat(2, row("scene_type", "water")),
                repeat(3, row("scene_type", "street")),
                repeat(2, row("scene_type", "building")));

        DesignMatrix design = DesignMatrix.oneHot(List.of("scene_type"), rows, 1);

        assertEquals(List.of("(intercept)", "scene_type=building", "scene_type=water"), design.terms());
        assertEquals("street", design.factors().get(0).reference());
        assertEquals(Map.of("building", 2, "street", 3, "water", 2), design.factors().get(0).levelCounts());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1}, column(design, "(intercept)"));
        assertArrayEquals(new double[] {1, 1, 0, 0, 0, 0, 0}, column(design, "scene_type=water"));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1, 1}, column(design, "scene_type=building"));
        assertEquals(List.of(), design.dropped());
    }

    @Test
    void aTieForMostFrequentGoesToTheAlphabeticallyFirstLevel() {
        List<Map<String, String>> rows = concat(
                repeat(3, row("landmark", "yes")),
                repeat(3, row("landmark", "no")));

        DesignMatrix design = DesignMatrix.oneHot(List.of("landmark"), rows, 1);

        assertEquals("no", design.factors().get(0).reference());
        assertEquals(List.of("(intercept)", "landmark=yes"), design.terms());
    }

    @Test
    void aMissingOrBlankValueIsItsOwnLevel() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("lighting", null);
        List<Map<String, String>> rows = concat(
                repeat(4, row("lighting", "day")),
                List.of(nullValue, row("lighting", " "), row()),
                repeat(2, row("lighting", "night")));

        DesignMatrix design = DesignMatrix.oneHot(List.of("lighting"), rows, 1);

        assertEquals(List.of("(intercept)", "lighting=(missing)", "lighting=night"), design.terms());
        assertEquals("day", design.factors().get(0).reference());
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 1, 1, 0, 0}, column(design, "lighting=(missing)"));
    }

    @Test
    void rareLevelsArePooledIntoOtherWhenTogetherTheyAreFrequentEnough() {
        List<Map<String, String>> rows = concat(
                repeat(10, row("scene_type", "street")),
                repeat(6, row("scene_type", "nature")),
                repeat(3, row("scene_type", "cave")),
                repeat(2, row("scene_type", "desert")));

        DesignMatrix design = DesignMatrix.oneHot(List.of("scene_type"), rows);

        assertEquals(List.of("(intercept)", "scene_type=(other)", "scene_type=nature"), design.terms());
        assertEquals("street", design.factors().get(0).reference());
        assertEquals(5.0, sum(column(design, "scene_type=(other)")));
        assertEquals(List.of(
                new Dropped("scene_type=cave", Reason.RARE_LEVEL, "n=3 < 5, pooled into scene_type=(other)"),
                new Dropped("scene_type=desert", Reason.RARE_LEVEL, "n=2 < 5, pooled into scene_type=(other)")),
                design.dropped());
    }

    @Test
    void rareLevelsGoIntoTheReferenceWhenTogetherTheyAreStillRare() {
        List<Map<String, String>> rows = concat(
                repeat(10, row("lighting", "day")),
                repeat(6, row("lighting", "night")),
                repeat(2, row("lighting", "dusk")),
                repeat(1, row("lighting", null)));

        DesignMatrix design = DesignMatrix.oneHot(List.of("lighting"), rows, 5);

        assertEquals(List.of("(intercept)", "lighting=night"), design.terms());
        assertEquals("day", design.factors().get(0).reference());
        assertEquals(Map.of("day", 13, "night", 6), design.factors().get(0).levelCounts());
        assertEquals(Reason.RARE_LEVEL, design.dropped().get(0).reason());
        assertEquals("lighting=(missing)", design.dropped().get(0).term());
        assertEquals("n=1 < 5, pooled into lighting=day (the reference; all rare levels together had n=3)",
                design.dropped().get(0).detail());
        assertEquals("lighting=dusk", design.dropped().get(1).term());
    }

    @Test
    void theOtherLevelCanBeTheReferenceWhenItIsTheLargest() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String level : List.of("a", "b", "c", "d", "e")) {
            rows.addAll(repeat(4, row("poi", level)));
        }
        rows.addAll(repeat(6, row("poi", "museum")));

        DesignMatrix design = DesignMatrix.oneHot(List.of("poi"), rows, 5);

        assertEquals("(other)", design.factors().get(0).reference());
        assertEquals(List.of("(intercept)", "poi=museum"), design.terms());
    }

    @Test
    void aFeatureWithOneLevelIsDroppedAsConstant() {
        List<Map<String, String>> rows = concat(
                repeat(4, row("environment", "outdoor", "weather", "sunny")),
                repeat(3, row("environment", "indoor", "weather", "sunny")));

        DesignMatrix design = DesignMatrix.oneHot(List.of("weather", "environment"), rows, 1);

        assertEquals(List.of("(intercept)", "environment=indoor"), design.terms());
        assertEquals(List.of(new Dropped("weather", Reason.CONSTANT, "only one level: sunny")), design.dropped());
    }

    @Test
    void aColumnDuplicatingAnEarlierOneIsDroppedAsCollinear() {
        List<Map<String, String>> rows = concat(
                repeat(4, row("environment", "outdoor", "setting", "outside", "lighting", "day")),
                repeat(2, row("environment", "outdoor", "setting", "outside", "lighting", "night")),
                repeat(3, row("environment", "indoor", "setting", "inside", "lighting", "day")));

        DesignMatrix design = DesignMatrix.oneHot(List.of("environment", "setting", "lighting"), rows, 1);

        assertEquals(List.of("(intercept)", "environment=indoor", "lighting=night"), design.terms());
        assertEquals(List.of(new Dropped("setting=inside", Reason.COLLINEAR,
                "linear combination of the columns before it (QR rank)")), design.dropped());
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 1, 0, 0, 0}, column(design, "lighting=night"));
    }

    @Test
    void aColumnThatIsASumOfEarlierColumnsIsDroppedAsCollinear() {
        // view=indoor_any <=> scene in {hall, room}: view's column is scene=hall + scene=room
        List<Map<String, String>> rows = concat(
                repeat(4, row("scene", "street", "view", "outside", "quality", "high")),
                repeat(3, row("scene", "street", "view", "outside", "quality", "low")),
                repeat(2, row("scene", "hall", "view", "inside", "quality", "high")),
                repeat(3, row("scene", "room", "view", "inside", "quality", "low")));

        DesignMatrix design = DesignMatrix.oneHot(List.of("scene", "view", "quality"), rows, 1);

        assertEquals(List.of("(intercept)", "scene=hall", "scene=room", "quality=low"), design.terms());
        assertEquals(1, design.dropped().size());
        assertEquals("view=inside", design.dropped().get(0).term());
        assertEquals(Reason.COLLINEAR, design.dropped().get(0).reason());
        assertEquals(4, design.columnCount());
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DesignMatrix.oneHot(List.of("a"), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> DesignMatrix.oneHot(List.of("a"), List.of(row("a", "x")), 0));
        assertThrows(IllegalArgumentException.class,
                () -> DesignMatrix.oneHot(List.of("a", "a"), List.of(row("a", "x"))));
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
