package io.placebench.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.placebench.events.ImageIngested;
import io.placebench.ingest.domain.BlobStore;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dataset format and image source end to end: rows in PostgreSQL (read back through the API), bytes in the
 * blob store, one {@code images} event per new image in Kafka.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class FormatsFlowTest {

    @TempDir
    Path root;

    static Map<String, ImageIngested> byId(List<ImageIngested> events) {
        return events.stream().collect(Collectors.toMap(ImageIngested::imageId, e -> e));
    }

    @Test
    void imageoBenchDatasetsOneTwoAndThree() {
        String d1 = Flows.dataset();
        JsonPath r1 = Flows.importFolder(d1, TestSamples.imageoDataset1(root.resolve("d1")), "dataset1_info.csv");
        assertEquals("imageo", r1.getString("format"));
        assertEquals(3, r1.getInt("accepted"), r1.prettify());
        Map<String, ImageIngested> e1 = byId(Flows.images(d1));
        assertEquals(Set.of(TestSamples.DATASET1_IDS), e1.keySet());
        ImageIngested nairobi = e1.get(TestSamples.DATASET1_IDS[1]);
        assertEquals(-1.2921, nairobi.truth().latitude());
        assertEquals("Kenya", nairobi.truth().country());
        assertEquals("cloudy", nairobi.attributes().get("weather"));
        assertEquals("Africa", nairobi.attributes().get("continent"));
        assertEquals("image/png", e1.get(TestSamples.DATASET1_IDS[2]).mediaType());

        String d2 = Flows.dataset();
        JsonPath r2 = Flows.importFolder(d2, TestSamples.imageoDataset2(root.resolve("d2")), "dataset2_info.csv",
                "format", "imageo");
        assertEquals(2, r2.getInt("accepted"), r2.prettify());
        ImageIngested diner = byId(Flows.images(d2)).get(TestSamples.DATASET2_IDS[0]);
        assertEquals("IL", diner.truth().admin1());
        assertEquals("United States", diner.truth().country());
        assertEquals("Corner Diner", diner.attributes().get("name"));

        String d3 = Flows.dataset();
        JsonPath r3 = Flows.importFolder(d3, TestSamples.imageoDataset3(root.resolve("d3")), "dataset3_info.csv");
        assertEquals(3, r3.getInt("accepted"));
        given().queryParam("limit", 10).when().get("/api/datasets/" + d3 + "/images").then().statusCode(200)
                .body("total", equalTo(3))
                .body("images.find { it.id == 'ZXCVBNMASDFGHJKLQWERTYUIOPZXCV' }.country", equalTo("Japan"))
                .body("images.find { it.id == 'ZXCVBNMASDFGHJKLQWERTYUIOPZXCV' }.attributes.street",
                        equalTo("Fushimi Inari Taisha"));
    }

    @Test
    void im2gpsOsv5mAndJsonLinesWithAMapping() {
        String im2gps = Flows.dataset();
        JsonPath r = Flows.importFolder(im2gps, TestSamples.im2gps(root.resolve("im2gps")), "im2gps3k_places365.csv");
        assertEquals("im2gps", r.getString("format"));
        assertEquals(3, r.getInt("accepted"), r.prettify());
        ImageIngested big = byId(Flows.images(im2gps)).get("4f/a0/3964076529.jpg");
        assertEquals(51.5007, big.truth().latitude());
        assertEquals("0.85", big.attributes().get("Prob_urban"));

        String osv = Flows.dataset();
        JsonPath o = Flows.importFolder(osv, TestSamples.osv5m(root.resolve("osv")), "test.csv");
        assertEquals("osv5m", o.getString("format"));
        assertEquals(2, o.getInt("accepted"), o.prettify());
        ImageIngested ba = byId(Flows.images(osv)).get("3001002");
        assertEquals("AR", ba.truth().country());
        assertEquals("Buenos Aires", ba.truth().admin1());
        assertEquals("Comuna 1", ba.attributes().get("sub-region"));

        String jsonl = Flows.dataset();
        JsonPath j = Flows.importFolder(jsonl, TestSamples.photosJsonl(root.resolve("jsonl")), "photos.jsonl",
                "mapping", Map.of("id", "photo", "file", "path", "latitude", "lat", "longitude", "lng", "city", "town"));
        assertEquals(4, j.getInt("rows"));
        assertEquals(2, j.getInt("accepted"));
        assertEquals(List.of(3, 4), j.getList("rejected.row", Integer.class));
        assertEquals("Santiago", byId(Flows.images(jsonl)).get("p-002").truth().city());

        given().contentType("application/json").body(Map.of("folder", root.toString(), "format", "parquet"))
                .when().post("/api/datasets/" + jsonl + "/imports").then().statusCode(400)
                .body("details[0].field", equalTo("format"));
        given().contentType("application/json").body(Map.of("folder", root.toString(), "mapping", Map.of("lat", "y")))
                .when().post("/api/datasets/" + jsonl + "/imports").then().statusCode(400)
                .body("details[0].field", equalTo("mapping"));
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void aZipArchiveUploadWithItsManifestInsideOrBeside() throws IOException {
        String dataset = Flows.dataset();
        byte[] a = Files.readAllBytes(TestImages.write(root.resolve("a.jpg"), "jpg", 0x0A0B0C));
        byte[] b = Files.readAllBytes(TestImages.write(root.resolve("b.png"), "png", 0x0C0B0A));
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("manifest.csv", ("id,file,latitude,longitude,city\nza,img/a.jpg,10,20,Here\n"
                + "zb,img/b.png,30,40,There\nzc,img/none.jpg,1,1,\n").getBytes());
        entries.put("img/a.jpg", a);
        entries.put("img/b.png", b);
        byte[] archive = zip(entries);
        JsonPath report = given().multiPart("archive", "photos.zip", archive, "application/zip")
                .when().post("/api/datasets/" + dataset + "/imports")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(2, report.getInt("accepted"), report.prettify());
        assertEquals(List.of("file not found"), report.getList("rejected.reason"));
        ImageIngested za = byId(Flows.images(dataset)).get("za");
        assertEquals(BlobStore.sha256(a), za.sha256());
        byte[] served = given().when().get(za.blobUrl().replace("http://localhost:8081", "")).then().statusCode(200)
                .extract().asByteArray();
        assertEquals(a.length, served.length);

        // The manifest as its own part, a generic JSON Lines manifest this time, with the archive beside it.
        byte[] manifest = "{\"id\":\"zd\",\"file\":\"b.png\",\"latitude\":5,\"longitude\":6}\n".getBytes();
        given().multiPart("manifest", "more.jsonl", manifest, "application/x-ndjson")
                .multiPart("archive", "more.zip", zip(Map.of("b.png", b)), "application/zip")
                .when().post("/api/datasets/" + dataset + "/imports")
                .then().statusCode(200).body("accepted", equalTo(1));

        given().multiPart("archive", "evil.zip", zip(Map.of("../evil.jpg", a)), "application/zip")
                .when().post("/api/datasets/" + dataset + "/imports")
                .then().statusCode(400).body("details[0].field", equalTo("archive"))
                .body("error", containsString("outside"));
        given().when().get("/api/datasets/" + dataset).then().body("imageCount", equalTo(3));
    }

    @Test
    void imageUrlsAreFetchedWithinLimitsAndPrivateAddressesRefused() throws Exception {
        byte[] ok = Files.readAllBytes(TestImages.write(root.resolve("ok.jpg"), "jpg", 0x336699));
        byte[] ok2 = Files.readAllBytes(TestImages.write(root.resolve("ok2.png"), "png", 0x996633));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int port = server.getAddress().getPort();
            byte[] body = new byte[0];
            int status = 200;
            switch (path) {
                case "/img/ok.jpg" -> body = ok;
                case "/img/ok2.png" -> body = ok2;
                case "/redirect" -> {
                    status = 302;
                    exchange.getResponseHeaders().add("Location", "/img/ok2.png");
                }
                case "/evil" -> {
                    status = 302;
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port + "/img/ok.jpg");
                }
                case "/text" -> body = "<html>not an image</html>".getBytes();
                case "/big" -> body = new byte[300_000];
                case "/slow" -> {
                    try {
                        Thread.sleep(4000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    body = ok;
                }
                default -> status = 404;
            }
            if ("/big".equals(path)) {
                body[0] = (byte) 0xFF;
                body[1] = (byte) 0xD8;
                body[2] = (byte) 0xFF;
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the client gave up (timeout, size cap)
            }
        });
        server.start();
        try {
            String base = "http://localhost:" + server.getAddress().getPort();
            String manifest = "id,url,latitude,longitude\n"
                    + "u1," + base + "/img/ok.jpg,1,1\n"
                    + "u2," + base + "/redirect,2,2\n"
                    + "u3," + base + "/missing.jpg,3,3\n"
                    + "u4," + base + "/text,4,4\n"
                    + "u5," + base + "/big,5,5\n"
                    + "u6," + base + "/slow,6,6\n"
                    + "u7,http://127.0.0.1:" + server.getAddress().getPort() + "/img/ok.jpg,7,7\n"
                    + "u8,http://169.254.169.254/latest/meta-data/,8,8\n"
                    + "u9," + base + "/evil,9,9\n"
                    + "u10,ftp://example.org/x.jpg,10,10\n";
            String dataset = Flows.dataset();
            JsonPath report = given().multiPart("manifest", "urls.csv", manifest.getBytes(), "text/csv")
                    .when().post("/api/datasets/" + dataset + "/imports")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(2, report.getInt("accepted"), report.prettify());
            assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10), report.getList("rejected.row", Integer.class));
            List<String> reasons = report.getList("rejected.reason");
            assertEquals("url answered HTTP 404", reasons.get(0));
            assertTrue(reasons.get(1).startsWith("unsupported image type"), reasons.get(1));
            assertEquals("url content is above the limit of 262144 bytes", reasons.get(2));
            assertTrue(reasons.get(3).contains("timed out"), reasons.get(3));
            assertTrue(reasons.get(4).contains("loopback address 127.0.0.1 (refused)"), reasons.get(4));
            assertTrue(reasons.get(5).contains("link-local address 169.254.169.254 (refused)"), reasons.get(5));
            assertTrue(reasons.get(6).contains("127.0.0.1 (refused)"), "a redirect is checked too: " + reasons.get(6));
            assertEquals("url must be an absolute http or https URL", reasons.get(7));
            assertEquals(List.of("url", "url", "url", "url", "url", "url", "url", "url"), report.getList("rejected.field"));
            Map<String, ImageIngested> events = byId(Flows.images(dataset));
            assertEquals(Set.of("u1", "u2"), events.keySet());
            assertEquals(BlobStore.sha256(ok2), events.get("u2").sha256());
            assertNotNull(events.get("u1").blobUrl());
        } finally {
            server.stop(0);
        }
    }
}
