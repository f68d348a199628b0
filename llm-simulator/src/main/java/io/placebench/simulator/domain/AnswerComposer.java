package io.placebench.simulator.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Writes the answer text in the IMAGEO-Bench layout: image_information, reasoning, reverse_geocoding
 * (confidence 1-5, address, coordinates). Reasoning strings start with "[simulated]" so nobody mistakes
 * them for a real model's words.
 */
public final class AnswerComposer {

    /** Exact big decimals: the default node factory would strip the trailing zeros of 48.85000. */
    private static final ObjectMapper JSON = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private static final List<String> URBAN_SCENES = List.of("street scene", "city square", "commercial district", "residential block");
    private static final List<String> SUBURBAN_SCENES = List.of("residential street", "highway interchange", "shopping area", "park");
    private static final List<String> RURAL_SCENES = List.of("open countryside", "country road", "farmland", "hills", "coastline");
    private static final List<String> SETTINGS = List.of("outdoor, daytime, clear sky", "outdoor, daytime, overcast", "outdoor, late afternoon");

    private AnswerComposer() {
    }

    /** Confidence 1-5 from the sampled error: the simulator is perfectly calibrated, real models are not. */
    public static int confidenceFor(double errorKm) {
        if (errorKm < 10) {
            return 5;
        }
        if (errorKm < 50) {
            return 4;
        }
        if (errorKm < 250) {
            return 3;
        }
        return errorKm < 1000 ? 2 : 1;
    }

    /** The answer of a model that placed the image at {@code guess}, addressed by the nearest city. */
    public static String located(GeoPoint guess, int confidence, City nearest, DetRandom rng) {
        return located(guess, confidence, nearest, rng, Layout.IMAGEO);
    }

    /** The answer in the given layout (GLOBE: reasoning, country, city and coordinates; COORDS: coordinates only). */
    public static String located(GeoPoint guess, int confidence, City nearest, DetRandom rng, Layout layout) {
        double cityKm = GeoMath.distanceKm(guess, nearest.location());
        String environment = cityKm < 25 && nearest.population() >= 1_000_000 ? "urban" : cityKm < 60 ? "suburban" : "rural";
        List<String> scenes = switch (environment) {
            case "urban" -> URBAN_SCENES;
            case "suburban" -> SUBURBAN_SCENES;
            default -> RURAL_SCENES;
        };
        String sceneType = rng.pick(scenes);
        String landmark = confidence >= 4
                ? "[simulated] Layout and skyline resemble the " + nearest.name() + " area."
                : "[simulated] No specific landmark recognised.";
        String signage = confidence >= 3
                ? "[simulated] Signage is not legible; its style suggests " + nearest.country() + "."
                : "[simulated] No legible text or signage.";
        String culture = "[simulated] Vehicles, architecture and road markings are consistent with " + nearest.country() + ".";
        String spatial = "[simulated] " + capitalise(environment) + " " + sceneType + "; best estimate near "
                + nearest.name() + ", " + nearest.admin1() + ".";
        return compose(environment, sceneType, rng.pick(SETTINGS),
                landmark, signage, culture, spatial, confidence, nearest, guess, layout);
    }

    /** The answer of a model that recognised nothing: a low-confidence guess at a big city. */
    public static String clueless(City city, DetRandom rng) {
        return clueless(city, rng, Layout.IMAGEO);
    }

    public static String clueless(City city, DetRandom rng, Layout layout) {
        return compose("unknown", "unidentified outdoor scene", rng.pick(SETTINGS),
                "[simulated] No landmark recognised.",
                "[simulated] No legible text or signage.",
                "[simulated] No distinctive cultural indicators.",
                "[simulated] Too few cues; guessing a large world city.",
                1, city, city.location(), layout);
    }

    private static String compose(String environment, String sceneType, String setting, String landmark,
                                  String signage, String culture, String spatial, int confidence,
                                  City addressCity, GeoPoint point, Layout layout) {
        ObjectNode root = JSON.createObjectNode();
        if (layout == Layout.COORDS) {
            root.put("latitude", fiveDecimals(point.latitude()));
            root.put("longitude", fiveDecimals(point.longitude()));
            return write(root);
        }
        if (layout == Layout.GLOBE) {
            root.put("reasoning", landmark + " " + signage + " " + culture + " " + spatial);
            root.put("country", addressCity.country());
            root.put("city", addressCity.name());
            root.put("latitude", fiveDecimals(point.latitude()));
            root.put("longitude", fiveDecimals(point.longitude()));
            return write(root);
        }
        ObjectNode info = root.putObject("image_information");
        info.put("environment", environment);
        info.put("scene_type", sceneType);
        info.put("setting", setting);
        ObjectNode reasoning = root.putObject("reasoning");
        reasoning.put("landmark_recognition", landmark);
        reasoning.put("text_and_signage", signage);
        reasoning.put("cultural_indicators", culture);
        reasoning.put("spatial_context", spatial);
        ObjectNode geo = root.putObject("reverse_geocoding");
        geo.put("confidence", confidence);
        ObjectNode address = geo.putObject("address");
        address.putNull("street");
        address.put("city", addressCity.name());
        address.put("state", addressCity.admin1());
        address.put("country", addressCity.country());
        ObjectNode coords = geo.putObject("coordinates");
        coords.put("latitude", fiveDecimals(point.latitude()));
        coords.put("longitude", fiveDecimals(point.longitude()));
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Five decimals (about 1 m), written with trailing zeros kept, like a model's answer. */
    static BigDecimal fiveDecimals(double v) {
        return BigDecimal.valueOf(v).setScale(5, RoundingMode.HALF_UP);
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
