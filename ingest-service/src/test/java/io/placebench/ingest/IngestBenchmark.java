package io.placebench.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load run (tagged {@code benchmark}, not part of the default build): imports N small images from a folder and
 * fans a run out over them, printing images/s and the fan-out time. Real in-process Kafka and embedded
 * PostgreSQL, the real filesystem blob store (fsync per blob). Run from the repository root:
 * <pre>
 * ./mvnw -B -q -f ingest-service/pom.xml test -Dtest=IngestBenchmark -Dplacebench.test.excludedGroups=none \
 *     -Dbenchmark.images=10000
 * </pre>
 * It asserts counts only, never times; the figures go to the log and to target/benchmark-ingest.txt.
 */
@Tag("benchmark")
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class IngestBenchmark {

    @Test
    void importTenThousandImagesThenFanARunOut() throws IOException {
        int n = Integer.getInteger("benchmark.images", 10_000);
        Path folder = Path.of("target", "benchmark", UUID.randomUUID().toString()).toAbsolutePath();
        byte[] jpeg = Files.readAllBytes(TestImages.write(folder.resolve("base.jpg"), "jpg", 0x335577));
        StringBuilder manifest = new StringBuilder("id,file,latitude,longitude,city,country,scene\n");
        for (int i = 0; i < n; i++) {
            byte[] bytes = Arrays.copyOf(jpeg, jpeg.length + 4);
            bytes[jpeg.length] = (byte) (i >> 24);
            bytes[jpeg.length + 1] = (byte) (i >> 16);
            bytes[jpeg.length + 2] = (byte) (i >> 8);
            bytes[jpeg.length + 3] = (byte) i;
            String name = "img/" + (i % 100) + "/b" + i + ".jpg";
            Path file = folder.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            manifest.append("b").append(i).append(',').append(name).append(',')
                    .append(String.format(Locale.ROOT, "%.4f,%.4f", -60.0 + (i % 120) + 0.25, -170.0 + (i % 340) + 0.5))
                    .append(",City").append(i % 50).append(",Country").append(i % 20).append(",street\n");
        }
        Files.writeString(folder.resolve("manifest.csv"), manifest);
        String dataset = Flows.dataset();
        long imagesBefore = TopicReader.endOffsetSum(Topics.IMAGES);

        long t0 = System.nanoTime();
        JsonPath report = given().contentType(ContentType.JSON).body(Map.of("folder", folder.toString()))
                .when().post("/api/datasets/" + dataset + "/imports").then().statusCode(200).extract().jsonPath();
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        TopicReader.awaitOutboxDrained(); // the answer comes at the commit; the relay publishes right after
        double importPublishedSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(n, report.getInt("accepted"));
        assertEquals(imagesBefore + n, TopicReader.endOffsetSum(Topics.IMAGES));

        long t1 = System.nanoTime();
        JsonPath again = given().contentType(ContentType.JSON).body(Map.of("folder", folder.toString()))
                .when().post("/api/datasets/" + dataset + "/imports").then().statusCode(200).extract().jsonPath();
        double reimportSeconds = (System.nanoTime() - t1) / 1e9;
        assertEquals(n, again.getInt("duplicates"));

        long requestsBefore = TopicReader.endOffsetSum(Topics.INFERENCE_REQUESTS);
        long t2 = System.nanoTime();
        JsonPath run = given().contentType(ContentType.JSON).body(Map.of("datasetId", dataset, "provider",
                "simulator", "model", "sim-strong", "promptId", "imageo")).when().post("/api/runs")
                .then().statusCode(201).extract().jsonPath();
        double fanoutSeconds = (System.nanoTime() - t2) / 1e9;
        TopicReader.awaitOutboxDrained();
        double fanoutPublishedSeconds = (System.nanoTime() - t2) / 1e9;
        assertEquals(n, run.getInt("expectedCount"));
        assertEquals(requestsBefore + n, TopicReader.endOffsetSum(Topics.INFERENCE_REQUESTS));

        String result = String.format(Locale.ROOT, "ingest benchmark: %d images, import %.2f s (%.0f images/s; "
                + "all events published after %.2f s), re-import (all duplicates) %.2f s (%.0f rows/s), run fan-out of "
                + "%d requests committed %.2f s (%.0f requests/s), all published after %.2f s, cores %d", n,
                importSeconds, n / importSeconds, importPublishedSeconds, reimportSeconds, n / reimportSeconds, n,
                fanoutSeconds, n / fanoutSeconds, fanoutPublishedSeconds, Runtime.getRuntime().availableProcessors());
        System.out.println(result);
        Files.writeString(Path.of("target", "benchmark-ingest.txt"), result + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ImportServiceCleanup.deleteTree(folder);
    }

    /** Access to the package-private cleanup helper. */
    static final class ImportServiceCleanup {
        static void deleteTree(Path folder) throws IOException {
            try (var paths = Files.walk(folder)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
