package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.PredictionStatus;
import io.placebench.inference.TestPhotos;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPU per image of the inference path without the model's latency and without I/O: prepare the image (decode,
 * strip metadata, scale, re-encode), build the request body (base64 + JSON), interpret a response, repair and
 * parse the answer, price the usage. Measured as thread CPU time (ThreadMXBean) after a warm-up, for three source
 * sizes. Tag {@code load}: run with
 * {@code ./mvnw -B -f inference-service/pom.xml test -Dtest=InferencePathBenchmarkTest -Dexcluded.groups=none}.
 */
@Tag("load")
class InferencePathBenchmarkTest {

    static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void cpuPerImage() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ImagePreparer preparer = new ImagePreparer(2048, 0.9f, 100_000_000L);
        ModelEntry entry = TestData.entry("simulator", "sim-strong");
        ModelPrice price = TestData.prices().price("sim-strong").orElseThrow();
        String response = TestData.text("fixtures/chat-fenced-cached.json");
        Map<String, Object> results = new LinkedHashMap<>();
        for (int[] size : new int[][] {{640, 480}, {1024, 768}, {4000, 3000}}) {
            Random random = new Random(size[0]);
            List<byte[]> sources = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sources.add(TestPhotos.photo(size[0], size[1], 40, random));
            }
            int warmup = size[0] > 2000 ? 10 : 100;
            int n = size[0] > 2000 ? 30 : 300;
            long prepare = 0;
            long rest = 0;
            for (int i = 0; i < warmup + n; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                PreparedImage image = preparer.prepare(sources.get(i % sources.size()));
                long c1 = threads.getCurrentThreadCpuTime();
                CallSpec spec = RunParameters.resolve(Map.of("max_tokens", 800), entry, WireApi.OPENAI_CHAT, Flavor.OPENAI,
                        "max_tokens", StructuredMode.AUTO, Prompts.IMAGEO, image);
                String body = JSON.writeValueAsString(OpenAiChatFormat.INSTANCE.body(spec));
                Interpretation meaning = OpenAiChatFormat.INSTANCE.interpret(200, response);
                BigDecimal cost = price.cost(meaning.usage());
                long c2 = threads.getCurrentThreadCpuTime();
                assertEquals(PredictionStatus.OK, meaning.status());
                if (body.isEmpty() || cost.signum() <= 0) {
                    throw new AssertionError();
                }
                if (i >= warmup) {
                    prepare += c1 - c0;
                    rest += c2 - c1;
                }
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("prepareImageMs", Math.round(prepare / 1e4 / n) / 100.0);
            r.put("bodyParsePriceMs", Math.round(rest / 1e4 / n) / 100.0);
            r.put("totalMs", Math.round((prepare + rest) / 1e4 / n) / 100.0);
            r.put("sourceBytes", sources.get(0).length);
            results.put(size[0] + "x" + size[1], r);
        }
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results);
        System.out.println("CPU PER IMAGE " + text);
        Files.writeString(Path.of("target", "cpu-per-image.json"), text);
    }
}
