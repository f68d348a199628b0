package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.PredictionStatus;
import io.placebench.simulator.SimulatorConfig;
import io.placebench.simulator.SimulatorServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dry-run estimate against what the simulator really bills, in every wire format and for every built-in
 * prompt: the bodies inference builds are sent to an embedded llm-simulator, the responses interpreted and
 * priced, and the total must land within 15 % of the estimate.
 */
class EstimateAgainstSimulatorTest {

    static SimulatorServer sim;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final PriceTable PRICES = TestData.prices();
    static final ImagePreparer PREPARER = new ImagePreparer(2048, 0.9f, 100_000_000L);

    @BeforeAll
    static void start() {
        sim = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("simulator", WireApi.OPENAI_CHAT, "sim-strong", Prompts.IMAGEO),
                Arguments.of("simulator", WireApi.OPENAI_CHAT, "sim-weak", Prompts.GLOBE),
                Arguments.of("simulator", WireApi.OPENAI_CHAT, "sim-think", Prompts.IMAGEO),
                Arguments.of("simulator", WireApi.OPENAI_CHAT, "sim-strong", Prompts.COORDS),
                Arguments.of("simulator-responses", WireApi.OPENAI_RESPONSES, "sim-strong", Prompts.IMAGEO),
                Arguments.of("simulator-anthropic", WireApi.ANTHROPIC, "sim-strong", Prompts.IMAGEO),
                Arguments.of("simulator-anthropic", WireApi.ANTHROPIC, "sim-think", Prompts.GLOBE),
                Arguments.of("simulator-gemini", WireApi.GEMINI, "sim-strong", Prompts.IMAGEO),
                Arguments.of("simulator-gemini", WireApi.GEMINI, "sim-think", Prompts.IMAGEO));
    }

    static byte[] scene(int w, int h, long seed) throws Exception {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 20; i++) {
            g.setColor(new Color(r.nextInt(0xFFFFFF)));
            g.fillRect(r.nextInt(w), r.nextInt(h), 20 + r.nextInt(w / 2), 20 + r.nextInt(h / 2));
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} {2} {3}")
    @MethodSource("cases")
    void estimateWithinFifteenPercentOfTheBill(String provider, WireApi api, String model, Prompt prompt) throws Exception {
        ModelEntry entry = TestData.entry(provider, model);
        ModelPrice price = PRICES.price(entry.priceKey() != null ? entry.priceKey() : model).orElseThrow();
        BigDecimal estimated = BigDecimal.ZERO;
        BigDecimal billed = BigDecimal.ZERO;
        long estOut = 0;
        long realOut = 0;
        List<int[]> sizes = List.of(new int[] {1024, 768}, new int[] {640, 480}, new int[] {800, 1200},
                new int[] {300, 200}, new int[] {1600, 900});
        for (int i = 0; i < 10; i++) {
            int[] size = sizes.get(i % sizes.size());
            PreparedImage image = PREPARER.prepare(scene(size[0], size[1], i * 31L + model.hashCode()));
            CallSpec spec = RunParameters.resolve(Map.of(), entry, api, Flavor.OPENAI, "max_tokens", StructuredMode.AUTO,
                    prompt, image);
            long output = entry.expectedOutputTokens() != null ? entry.expectedOutputTokens() : prompt.expectedOutputTokens();
            Estimator.PerImage est = Estimator.perImage(api, spec, entry.imageTokens(), image.width(), image.height(),
                    output, entry.reasoningFor(output), price);
            estimated = estimated.add(est.costUsd());
            estOut += est.outputTokens() + est.reasoningTokens();
            String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(WireFormat.of(api).body(spec));
            String url = switch (api) {
                case OPENAI_CHAT -> sim.baseUrl() + "/chat/completions";
                case OPENAI_RESPONSES -> sim.baseUrl() + "/responses";
                case ANTHROPIC -> sim.baseUrl() + "/messages";
                case GEMINI -> sim.geminiBaseUrl() + "/models/" + model + ":generateContent";
            };
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Interpretation meaning = WireFormat.of(api).interpret(response.statusCode(), response.body());
            assertTrue(meaning.status() == PredictionStatus.OK || meaning.status() == PredictionStatus.REFUSED
                    || meaning.status() == PredictionStatus.TRUNCATED, response.body());
            if (meaning.status() == PredictionStatus.OK) {
                assertEquals(null, meaning.error());
            }
            billed = billed.add(price.cost(meaning.usage()));
            realOut += meaning.usage().output();
            assertEquals(est.inputTokens(), meaning.usage().input(), "input tokens are estimated exactly: " + api);
        }
        double ratio = billed.divide(estimated, 6, RoundingMode.HALF_UP).doubleValue();
        System.out.printf("estimate %s %s %s: billed/estimated = %.3f, output %d vs %d estimated%n", provider, model,
                prompt.id(), ratio, realOut, estOut);
        assertTrue(ratio > 0.85 && ratio < 1.15, "billed " + billed + " vs estimated " + estimated + " (" + ratio + ")");
    }
}
