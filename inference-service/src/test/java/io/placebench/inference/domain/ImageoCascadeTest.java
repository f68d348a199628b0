package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.Address;
import io.placebench.events.GeoAnswer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every input shape that IMAGEO-Bench's own repair cascade ({@code parse_json} in its {@code src/model.py}) turns
 * into an object must be read by {@link AnswerParser} too, with the same coordinates, confidence and address, and
 * with the scene ({@code image_information}) and the reasoning kept. Its cascade: the first markdown fence, then
 * {@code json.loads}; Python's {@code None/True/False} replaced; {@code ast.literal_eval} (any Python literal:
 * single quotes, {@code u''} prefixes, tuples, triple quotes, adjacent strings, escapes, comments, line
 * continuations, number spellings); bare keys quoted, single quotes swapped, trailing commas dropped; last, the
 * span from the first brace to the last one. The texts below are written for this test; two reproduce answers
 * Llama 3.2 11B gave in IMAGEO's published dataset 3 results (line continuations).
 */
class ImageoCascadeTest {

    /** One shape: the raw text and what must be read from it (scene null: the answer has none). */
    record Case(String shape, String raw, double lat, double lon, Integer confidence, Address address,
            Map<String, String> scene, String reasoning) {
        @Override
        public String toString() {
            return shape;
        }
    }

    static final Map<String, String> URBAN_BUILDING =
            Map.of("environment", "outdoor", "scene_type", "building", "setting", "urban");

    /** The prompt's own layout: every value a string, as IMAGEO's example asks. */
    static final String NEW_YORK = """
            {
              "image_information": {"environment": "outdoor", "scene_type": "building", "setting": "urban"},
              "reasoning": {"landmark_recognition": "Art Deco spire", "text_and_signage": "NYC taxi markings"},
              "reverse_geocoding": {
                "confidence": "5",
                "address": {"street": "350 5th Ave", "city": "New York", "state": "NY", "country": "USA"},
                "coordinates": {"latitude": "40.7484", "longitude": "-73.9857"}
              }
            }""";

    static Case newYork(String shape, String raw) {
        return new Case(shape, raw, 40.7484, -73.9857, 5, new Address("350 5th Ave", "New York", "NY", "USA"),
                URBAN_BUILDING, "landmark_recognition: Art Deco spire\ntext_and_signage: NYC taxi markings");
    }

    static List<Case> cases() {
        return List.of(
                newYork("strict JSON, numbers as strings (json.loads)", NEW_YORK),
                newYork("```json fence with prose before and after (first fence)",
                        "Sure! Here is my analysis.\n```json\n" + NEW_YORK + "\n```\nHope {this} helps."),
                newYork("``` fence without a language tag", "```\n" + NEW_YORK + "\n```"),
                newYork("prose before and after, no fence (first '{' to last '}')",
                        "Here is the response in the specified format:\n\n" + NEW_YORK
                                + "\n\nNote: The coordinates are approximate."),
                newYork("'''json pseudo-fence (first '{' to last '}')", "'''json\n" + NEW_YORK + "\n'''"),
                newYork("```json fence never closed (first '{' to last '}')", "```json\n" + NEW_YORK),
                newYork("a list around the object (json.loads returns a list)", "[" + NEW_YORK + "]"),
                new Case("JSON with Python None/True/False (replaced before json.loads)", """
                        {"image_information": {"environment": "outdoor", "scene_type": "building", "setting": "urban",
                                               "night": False},
                         "reasoning": {"landmark_recognition": "Territorial Revival style", "text_and_signage": None},
                         "reverse_geocoding": {"confidence": "4", "verified": True,
                           "address": {"street": None, "city": "Albuquerque", "state": "NM", "country": "USA"},
                           "coordinates": {"latitude": "35.0854", "longitude": "-106.6467"}}}""",
                        35.0854, -106.6467, 4, new Address(null, "Albuquerque", "NM", "USA"),
                        Map.of("environment", "outdoor", "scene_type", "building", "setting", "urban", "night", "false"),
                        "landmark_recognition: Territorial Revival style"),
                new Case("Python dict repr: single quotes, nested quotes, escaped apostrophe (ast.literal_eval)", """
                        {'image_information': {'environment': 'outdoor', 'scene_type': 'building', 'setting': 'urban'},
                         'reasoning': {'landmark_recognition': "St. Paul's Cathedral dome",
                                       'text_and_signage': 'a sign reading "Ludgate Hill"',
                                       'cultural_indicators': 'London\\'s red buses'},
                         'reverse_geocoding': {'confidence': 4,
                           'address': {'street': 'Ludgate Hill', 'city': 'London', 'state': 'England',
                                       'country': 'United Kingdom'},
                           'coordinates': {'latitude': 51.5138, 'longitude': -0.0984}}}""",
                        51.5138, -0.0984, 4, new Address("Ludgate Hill", "London", "England", "United Kingdom"),
                        URBAN_BUILDING, """
                        landmark_recognition: St. Paul's Cathedral dome
                        text_and_signage: a sign reading "Ludgate Hill"
                        cultural_indicators: London's red buses"""),
                new Case("Python dict with None/True/False and single quotes (constants replaced, quotes swapped)", """
                        {'image_information': {'environment': 'outdoor', 'scene_type': 'street', 'setting': 'urban',
                                               'landmark_visible': True},
                         'reasoning': {'text_and_signage': 'Wacker Drive street sign', 'spatial_context': None},
                         'reverse_geocoding': {'confidence': 3,
                           'address': {'street': None, 'city': 'Chicago', 'state': 'IL', 'country': 'USA'},
                           'coordinates': {'latitude': 41.8781, 'longitude': -87.6298}}}""",
                        41.8781, -87.6298, 3, new Address(null, "Chicago", "IL", "USA"),
                        Map.of("environment", "outdoor", "scene_type", "street", "setting", "urban",
                                "landmark_visible", "true"),
                        "text_and_signage: Wacker Drive street sign"),
                new Case("Python 2 repr with u'' prefixes (ast.literal_eval)", """
                        {u'image_information': {u'environment': u'outdoor', u'scene_type': u'scenery',
                                                u'setting': u'natural'},
                         u'reasoning': {u'landmark_recognition': u'Half Dome granite face'},
                         u'reverse_geocoding': {u'confidence': u'4',
                           u'address': {u'city': u'Yosemite Valley', u'state': u'CA', u'country': u'USA'},
                           u'coordinates': {u'latitude': 37.7459, u'longitude': -119.5332}}}""",
                        37.7459, -119.5332, 4, new Address(null, "Yosemite Valley", "CA", "USA"),
                        Map.of("environment", "outdoor", "scene_type", "scenery", "setting", "natural"),
                        "landmark_recognition: Half Dome granite face"),
                new Case("tuples (ast.literal_eval; json turns them into lists), also as the coordinates", """
                        {'image_information': {'environment': 'outdoor', 'scene_type': 'building', 'setting': 'urban'},
                         'reasoning': {'landmark_recognition': ('Sydney Opera House', 'Harbour Bridge'),
                                       'spatial_context': ('harbour',)},
                         'reverse_geocoding': {'confidence': 5,
                           'address': {'city': 'Sydney', 'state': 'NSW', 'country': 'Australia'},
                           'coordinates': (-33.8568, 151.2153)}}""",
                        -33.8568, 151.2153, 5, new Address(null, "Sydney", "NSW", "Australia"), URBAN_BUILDING,
                        "landmark_recognition: [\"Sydney Opera House\",\"Harbour Bridge\"]\n"
                                + "spatial_context: [\"harbour\"]"),
                new Case("triple-quoted strings holding quotes, braces and a newline (ast.literal_eval)", """
                        {'image_information': {'environment': 'outdoor', 'scene_type': 'street', 'setting': 'urban'},
                         'reasoning': {'text_and_signage': '''Shop sign "Bäckerei {Müller}"
                        and the word 'Straße' on a plate''', 'spatial_context': \"""Tram lines {2, 6}\"""},
                         'reverse_geocoding': {'confidence': 3, 'address': {'city': 'Munich', 'country': 'Germany'},
                           'coordinates': {'latitude': 48.1374, 'longitude': 11.5755}}}""",
                        48.1374, 11.5755, 3, new Address(null, "Munich", null, "Germany"),
                        Map.of("environment", "outdoor", "scene_type", "street", "setting", "urban"), """
                        text_and_signage: Shop sign "Bäckerei {Müller}"
                        and the word 'Straße' on a plate
                        spatial_context: Tram lines {2, 6}"""),
                new Case("adjacent strings concatenated, also in parentheses over two lines (ast.literal_eval)", """
                        {'image_information': {'environment': 'outdoor', 'scene_type': 'building', 'setting': 'urban'},
                         'reasoning': {'landmark_recognition': 'Brandenburg ' 'Gate',
                                       'cultural_indicators': ('Neoclassical '
                                                               'columns')},
                         'reverse_geocoding': {'confidence': 5,
                           'address': {'street': 'Pariser ' "Platz", 'city': 'Berlin', 'country': 'Germany'},
                           'coordinates': {'latitude': 52.5163, 'longitude': 13.3777}}}""",
                        52.5163, 13.3777, 5, new Address("Pariser Platz", "Berlin", null, "Germany"), URBAN_BUILDING,
                        "landmark_recognition: Brandenburg Gate\ncultural_indicators: Neoclassical columns"),
                new Case("backslash line continuation after the opening brace (ast.literal_eval; Llama 3.2 11B)", """
                        {\\
                          "image_information": {"environment": "outdoor", "scene_type": "mixed", "setting": "urban"},
                          "reasoning": {"landmark_recognition": "St. Lawrence Market building"},
                          "reverse_geocoding": {
                            "confidence": "4",
                            "address": {"street": "Lower Jarvis", "city": "Toronto", "state": "ON", "country": "Canada"},
                            "coordinates": {"latitude": "43.6532", "longitude": "-79.3832"}
                          }
                        }""",
                        43.6532, -79.3832, 4, new Address("Lower Jarvis", "Toronto", "ON", "Canada"),
                        Map.of("environment", "outdoor", "scene_type", "mixed", "setting", "urban"),
                        "landmark_recognition: St. Lawrence Market building"),
                new Case("backslash line continuation at every line end (ast.literal_eval; Llama 3.2 11B)", """
                        {\\
                          "image_information": {\\
                            "environment": "outdoor",\\
                            "scene_type": "building",\\
                            "setting": "urban"\\
                          },\\
                          "reasoning": {\\
                            "landmark_recognition": "Sign reading 'International Market Place'"\\
                          },\\
                          "reverse_geocoding": {\\
                            "confidence": "5",\\
                            "address": {"street": "", "city": "Honolulu", "state": "HI", "country": "USA"},\\
                            "coordinates": {"latitude": "21.2860", "longitude": "-157.8587"}\\
                          }\\
                        }""",
                        21.2860, -157.8587, 5, new Address(null, "Honolulu", "HI", "USA"), URBAN_BUILDING,
                        "landmark_recognition: Sign reading 'International Market Place'"),
                new Case("Python string escapes \\xe9, \\u00e9, \\N{...}, \\t (ast.literal_eval)", """
                        {'image_information': {'environment': 'outdoor', 'scene_type': 'street', 'setting': 'urban'},
                         'reasoning': {'text_and_signage': 'Rue Sainte-Catherine\\tcaf\\xe9 menus, \\N{FLEUR-DE-LIS} flags'},
                         'reverse_geocoding': {'confidence': 4,
                           'address': {'city': 'Montr\\xe9al', 'state': 'Qu\\u00e9bec', 'country': 'Canada'},
                           'coordinates': {'latitude': 45.5017, 'longitude': -73.5673}}}""",
                        45.5017, -73.5673, 4, new Address(null, "Montréal", "Québec", "Canada"),
                        Map.of("environment", "outdoor", "scene_type", "street", "setting", "urban"),
                        "text_and_signage: Rue Sainte-Catherine\tcafé menus, \u269C flags"),
                new Case("Python comments, one with an apostrophe (ast.literal_eval)", """
                        {'image_information': {'environment': 'outdoor', 'scene_type': 'scenery', 'setting': 'natural'},  # the photo
                         'reasoning': {'spatial_context': 'steep fjord walls'},  # it's a guess
                         'reverse_geocoding': {'confidence': 2,  # low: no signage
                           'address': {'city': 'Geiranger', 'country': 'Norway'},
                           'coordinates': {'latitude': 62.1008, 'longitude': 7.2059}}}""",
                        62.1008, 7.2059, 2, new Address(null, "Geiranger", null, "Norway"),
                        Map.of("environment", "outdoor", "scene_type", "scenery", "setting", "natural"),
                        "spatial_context: steep fjord walls"),
                new Case("Python number spellings: digit underscores, hex, leading plus (ast.literal_eval)", """
                        {'image_information': {'environment': 'outdoor', 'scene_type': 'building', 'setting': 'urban'},
                         'reasoning': {'landmark_recognition': 'Petronas Towers'},
                         'reverse_geocoding': {'confidence': 0x5, 'address': {'city': 'Kuala Lumpur', 'country': 'Malaysia'},
                           'coordinates': {'latitude': +3.157_8, 'longitude': 101.711_9}}}""",
                        3.1578, 101.7119, 5, new Address(null, "Kuala Lumpur", null, "Malaysia"), URBAN_BUILDING,
                        "landmark_recognition: Petronas Towers"),
                new Case("trailing commas in objects and arrays (dropped by regex)", """
                        {"image_information": {"environment": "outdoor", "scene_type": "scenery", "setting": "rural",},
                         "reasoning": {"landmark_recognition": "Table Mountain", "clues": ["fynbos", "vineyards",],},
                         "reverse_geocoding": {"confidence": "3", "address": {"city": "Stellenbosch", "country": "South Africa",},
                           "coordinates": {"latitude": "-33.9321", "longitude": "18.8602",},},}""",
                        -33.9321, 18.8602, 3, new Address(null, "Stellenbosch", null, "South Africa"),
                        Map.of("environment", "outdoor", "scene_type", "scenery", "setting", "rural"),
                        "landmark_recognition: Table Mountain\nclues: [\"fynbos\",\"vineyards\"]"),
                new Case("bare (unquoted) keys, JSON numbers (quoted by regex)", """
                        {image_information: {environment: "outdoor", scene_type: "street", setting: "urban"},
                         reasoning: {text_and_signage: "Hangul shop signs"},
                         reverse_geocoding: {confidence: 4, address: {city: "Seoul", country: "South Korea"},
                           coordinates: {latitude: 37.5665, longitude: 126.9780}}}""",
                        37.5665, 126.978, 4, new Address(null, "Seoul", null, "South Korea"),
                        Map.of("environment", "outdoor", "scene_type", "street", "setting", "urban"),
                        "text_and_signage: Hangul shop signs"),
                new Case("prose around bare keys, single quotes, None and trailing commas (first '{' to last '}')",
                        "Based on the cues, my answer is:\n{image_information: {'environment': 'outdoor', "
                                + "'scene_type': 'street', 'setting': 'suburban'}, reasoning: {'spatial_context': "
                                + "'cul-de-sac'}, reverse_geocoding: {'confidence': 2, 'address': {'street': None, "
                                + "'city': 'Plano', 'state': 'TX', 'country': 'USA',}, 'coordinates': {'latitude': "
                                + "33.0198, 'longitude': -96.6989,},},}\nThis is an educated guess.",
                        33.0198, -96.6989, 2, new Address(null, "Plano", "TX", "USA"),
                        Map.of("environment", "outdoor", "scene_type", "street", "setting", "suburban"),
                        "spatial_context: cul-de-sac"),
                new Case("duplicate keys: the last one wins (json.loads)", """
                        {"reverse_geocoding": {"confidence": "2", "coordinates": {"latitude": "10.0", "longitude": "10.0"},
                           "confidence": "4", "coordinates": {"latitude": "-22.9519", "longitude": "-43.2105"},
                           "address": {"city": "Rio de Janeiro", "country": "Brazil"}}}""",
                        -22.9519, -43.2105, 4, new Address(null, "Rio de Janeiro", null, "Brazil"), null, null),
                new Case("escaped newlines and tabs inside strings (json.loads)", """
                        {"image_information": {"environment": "outdoor", "scene_type": "building", "setting": "urban"},
                         "reasoning": "Cyrillic script.\\nOnion domes.\\n\\tRed Square",
                         "reverse_geocoding": {"confidence": 5, "address": {"city": "Moscow", "country": "Russia"},
                           "coordinates": {"latitude": 55.7539, "longitude": 37.6208}}}""",
                        55.7539, 37.6208, 5, new Address(null, "Moscow", null, "Russia"), URBAN_BUILDING,
                        "Cyrillic script.\nOnion domes.\n\tRed Square"));
    }

    static Stream<Arguments> shapes() {
        return cases().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void readsWhatImageoReads(Case c) {
        AnswerParser.Result r = AnswerParser.parse(c.raw());
        assertTrue(r.ok(), c.shape() + ": " + r.error());
        GeoAnswer a = r.answer();
        assertEquals(c.lat(), a.latitude(), 1e-9, c.shape());
        assertEquals(c.lon(), a.longitude(), 1e-9, c.shape());
        assertEquals(c.confidence(), a.confidence(), c.shape());
        assertEquals(c.address(), a.address(), c.shape());
        assertEquals(c.scene(), a.scene(), c.shape());
        assertEquals(c.reasoning(), a.reasoning(), c.shape());
    }

    /**
     * IMAGEO's cascade reads these into an object, but its analysis finds no coordinates in them: unanswered in
     * both.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"reverse_geocoding\": {\"confidence\": \"4\", \"address\": \"Not specified\", \"coordinates\": \"Not specified\"}}",
        "{'reverse_geocoding': {'confidence': '1', 'coordinates': {'latitude': 'unknown', 'longitude': None}}}",
        "[{\"reverse_geocoding\": {\"confidence\": \"3\"}}]",
        "   "})
    void objectsWithoutALocationStayUnanswered(String raw) {
        AnswerParser.Result r = AnswerParser.parse(raw);
        assertFalse(r.ok(), raw);
        assertNotNull(r.error());
    }
}
