package io.placebench.simulator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.placebench.simulator.testimages.TestImages;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeolocationModelTest {

    /** Big decimals keep the written scale, so the test can check the number of decimals. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final Gazetteer gazetteer = Gazetteer.builtIn();
    private final GeolocationModel model = new GeolocationModel(gazetteer, 42);

    /** A synthetic image and its truth. */
    private record Sample(BufferedImage image, String sha, GeoPoint truth) {
    }

    /** Truths near gazetteer cities (like the demo's), so both easy and hard regions are represented. */
    private List<Sample> samples(int n, long seed) {
        Random r = new Random(seed);
        List<City> cities = gazetteer.cities();
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            City c = cities.get(r.nextInt(cities.size()));
            GeoPoint truth = GeoMath.destination(c.location(), r.nextDouble() * 360, r.nextDouble() * 20);
            BufferedImage img = TestImages.demo(192, 144, truth.latitude(), truth.longitude(), i);
            out.add(new Sample(img, "sha-" + seed + "-" + i, truth));
        }
        return out;
    }

    @Test
    void sameImageSameAnswer() {
        for (Sample s : samples(20, 1)) {
            for (NoiseProfile p : NoiseProfile.ALL) {
                assertEquals(model.reply(p, s.image(), s.sha()), model.reply(p, s.image(), s.sha()));
            }
        }
    }

    @Test
    void strongIsClearlyBetterThanWeakOver500Images() throws Exception {
        List<Sample> samples = samples(500, 2);
        double strong = medianError(NoiseProfile.STRONG, samples);
        double weak = medianError(NoiseProfile.WEAK, samples);
        assertTrue(strong * 4 < weak, "median errors: sim-strong " + strong + " km, sim-weak " + weak + " km");
    }

    @Test
    void answersFollowTheLayout() throws Exception {
        for (Sample s : samples(50, 3)) {
            ModelReply reply = model.reply(NoiseProfile.STRONG, s.image(), s.sha());
            assertEquals("stop", reply.finishReason());
            assertEquals(ModelReply.ANSWER, reply.outcome());
            assertNull(reply.refusal());
            JsonNode a = JSON.readTree(reply.content());
            assertLayout(a);
            int confidence = a.at("/reverse_geocoding/confidence").asInt();
            double err = GeoMath.distanceKm(s.truth(), point(a));
            assertEquals(AnswerComposer.confidenceFor(err), confidence, "confidence for " + err + " km");
            assertTrue(a.at("/reasoning/landmark_recognition").asText().startsWith("[simulated]"));
        }
    }

    @Test
    void noStripGivesALowConfidenceBigCity() throws Exception {
        Set<String> big = new java.util.HashSet<>();
        gazetteer.bigCities(GeolocationModel.BIG_CITY_POPULATION).forEach(c -> big.add(c.name()));
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            BufferedImage photo = TestImages.scene(320, 240, 1000 + i);
            ModelReply reply = model.reply(NoiseProfile.STRONG, photo, "photo-" + i);
            assertEquals(ModelReply.NO_LOCATION, reply.outcome());
            JsonNode a = JSON.readTree(reply.content());
            assertLayout(a);
            assertEquals(1, a.at("/reverse_geocoding/confidence").asInt());
            String city = a.at("/reverse_geocoding/address/city").asText();
            assertTrue(big.contains(city), city);
            seen.add(city);
            assertEquals(reply, model.reply(NoiseProfile.STRONG, photo, "photo-" + i));
        }
        assertTrue(seen.size() > 5, "guesses should vary between images: " + seen);
    }

    @Test
    void weakRefusesAndTruncatesAtRoughlyTheRightRates() {
        int n = 1500;
        int refusals = 0;
        int truncated = 0;
        for (Sample s : samples(n, 4)) {
            ModelReply reply = model.reply(NoiseProfile.WEAK, s.image(), s.sha());
            switch (reply.outcome()) {
                case ModelReply.REFUSAL -> {
                    refusals++;
                    assertNull(reply.content());
                    assertEquals(GeolocationModel.REFUSAL_TEXT, reply.refusal());
                    assertEquals("stop", reply.finishReason());
                }
                case ModelReply.TRUNCATED -> {
                    truncated++;
                    assertEquals("length", reply.finishReason());
                    assertTrue(reply.content().startsWith("{\"image_information\""));
                    assertThrows(Exception.class, () -> JSON.readTree(reply.content()));
                }
                default -> assertEquals("stop", reply.finishReason());
            }
        }
        // expected 45 refusals and 30 truncations; binomial sd about 6.6 and 5.4
        assertTrue(refusals >= 25 && refusals <= 70, "refusals " + refusals);
        assertTrue(truncated >= 14 && truncated <= 50, "truncated " + truncated);
    }

    static void assertLayout(JsonNode a) {
        for (String ptr : List.of("/image_information/environment", "/image_information/scene_type",
                "/image_information/setting", "/reasoning/landmark_recognition", "/reasoning/text_and_signage",
                "/reasoning/cultural_indicators", "/reasoning/spatial_context", "/reverse_geocoding/address/city",
                "/reverse_geocoding/address/state", "/reverse_geocoding/address/country")) {
            assertTrue(a.at(ptr).isTextual(), ptr + " in " + a);
        }
        assertTrue(a.at("/reverse_geocoding/address").has("street"));
        int c = a.at("/reverse_geocoding/confidence").asInt();
        assertTrue(c >= 1 && c <= 5);
        JsonNode lat = a.at("/reverse_geocoding/coordinates/latitude");
        JsonNode lon = a.at("/reverse_geocoding/coordinates/longitude");
        assertTrue(lat.isNumber() && lon.isNumber());
        assertEquals(5, lat.decimalValue().scale(), "decimals of " + lat);
        assertNotNull(point(a));
    }

    static GeoPoint point(JsonNode a) {
        return new GeoPoint(a.at("/reverse_geocoding/coordinates/latitude").asDouble(),
                a.at("/reverse_geocoding/coordinates/longitude").asDouble());
    }

    private double medianError(NoiseProfile p, List<Sample> samples) throws Exception {
        List<Double> errors = new ArrayList<>();
        for (Sample s : samples) {
            ModelReply reply = model.reply(p, s.image(), s.sha());
            if (reply.outcome().equals(ModelReply.ANSWER)) {
                errors.add(GeoMath.distanceKm(s.truth(), point(JSON.readTree(reply.content()))));
            }
        }
        double[] d = errors.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(d);
        return d[d.length / 2];
    }
}
