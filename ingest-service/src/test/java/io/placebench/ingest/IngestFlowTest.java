package io.placebench.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.EventJson;
import io.placebench.events.ImageIngested;
import io.placebench.events.Topics;
import io.placebench.ingest.domain.BlobStore;
import io.placebench.ingest.service.ImportService;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets, manifest import, blobs and uploads against real Kafka and real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class IngestFlowTest {

    static final ObjectMapper JSON = EventJson.newMapper();

    @TempDir
    Path root;

    static String newDataset() {
        String id = "ds-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("id", id, "name", "Test " + id))
                .when().post("/api/datasets").then().statusCode(201).body("imageCount", equalTo(0));
        return id;
    }

    static List<ImageIngested> imageEvents(String datasetId) {
        return TopicReader.readToEnd(Topics.IMAGES).stream()
                .map(r -> {
                    try {
                        ImageIngested e = JSON.readValue(r.value(), ImageIngested.class);
                        assertEquals(e.imageId(), r.key(), "images are keyed by image id");
                        return e;
                    } catch (IOException ex) {
                        throw new IllegalStateException(ex);
                    }
                })
                .filter(e -> datasetId.equals(e.datasetId())).toList();
    }

    @Test
    void datasetsAreCreatedOnceAndValidated() {
        String id = newDataset();
        given().contentType(ContentType.JSON).body(Map.of("id", id, "name", "Test " + id))
                .when().post("/api/datasets").then().statusCode(200).body("id", equalTo(id));
        given().contentType(ContentType.JSON).body(Map.of("id", id, "name", "Other"))
                .when().post("/api/datasets").then().statusCode(409).body("error", containsString(id));
        given().contentType(ContentType.JSON).body(Map.of("id", "bad id/x"))
                .when().post("/api/datasets").then().statusCode(400)
                .body("error", containsString("bad id/x")).body("details[0].field", equalTo("id"));
        given().when().get("/api/datasets/" + id).then().statusCode(200).body("name", equalTo("Test " + id));
        given().when().get("/api/datasets/nope-" + UUID.randomUUID()).then().statusCode(404)
                .body("error", containsString("not found"));
        given().when().get("/api/datasets").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void importStoresGoodRowsReportsBadRowsPublishesOnlyNewImagesAndIsIdempotent() throws IOException {
        String dataset = newDataset();
        Path folder = root.resolve("photos");
        TestImages.write(folder.resolve("paris.jpg"), "jpg", 0x204080);
        TestImages.write(folder.resolve("sub/sydney.png"), "png", 0x804020);
        TestImages.write(folder.resolve("quito.jpg"), "jpg", 0x408020);
        TestImages.write(root.resolve("secret.jpg"), "jpg", 0x000000);
        Files.writeString(folder.resolve("readme.txt"), "not an image");
        Files.writeString(folder.resolve("manifest.csv"), """
                id,file,latitude,longitude,city,admin1,country,scene
                paris,paris.jpg,48.8566,2.3522,Paris,Ile-de-France,France,urban
                sydney,sub/sydney.png,-33.8688,151.2093,Sydney,NSW,Australia,harbour
                bad-lat,quito.jpg,north,-78.4678,,,,
                missing,nothere.jpg,1,2,,,,
                escape,../secret.jpg,1,2,,,,
                text,readme.txt,1,2,,,,
                paris,quito.jpg,-0.18,-78.46,,,,
                quito,quito.jpg,-0.1807,-78.4678,Quito,Pichincha,Ecuador,
                """);
        long before = TopicReader.endOffsetSum(Topics.IMAGES);

        JsonPath report = given().contentType(ContentType.JSON).body(Map.of("folder", folder.toString()))
                .when().post("/api/datasets/" + dataset + "/imports")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(dataset, report.getString("datasetId"));
        assertEquals(8, report.getInt("rows"));
        assertEquals(3, report.getInt("accepted"));
        assertEquals(0, report.getInt("duplicates"));
        assertEquals(5, report.getInt("rejectedRows"));
        assertEquals(List.of(3, 4, 5, 6, 7), report.getList("rejected.row", Integer.class));
        assertEquals(List.of("latitude", "file", "file", "file", "id"), report.getList("rejected.field"));
        assertEquals("latitude is not a number", report.getString("rejected[0].reason"));
        assertEquals("file not found", report.getString("rejected[1].reason"));
        assertEquals("path outside the folder", report.getString("rejected[2].reason"));
        assertTrue(report.getString("rejected[3].reason").startsWith("unsupported image type"));
        assertEquals("duplicate id (first used in row 1)", report.getString("rejected[4].reason"));

        List<ImageIngested> events = imageEvents(dataset);
        assertEquals(Set.of("paris", "sydney", "quito"),
                events.stream().map(ImageIngested::imageId).collect(Collectors.toSet()));
        assertEquals(3, events.size(), "one event per new image");
        ImageIngested paris = events.stream().filter(e -> e.imageId().equals("paris")).findFirst().orElseThrow();
        String parisSha = BlobStore.sha256(Files.readAllBytes(folder.resolve("paris.jpg")));
        assertEquals(parisSha, paris.sha256());
        assertEquals("image/jpeg", paris.mediaType());
        assertEquals("http://localhost:8081/api/blobs/" + parisSha, paris.blobUrl());
        assertEquals(48.8566, paris.truth().latitude());
        assertEquals("Ile-de-France", paris.truth().admin1());
        assertEquals(Map.of("scene", "urban"), paris.attributes());
        assertEquals(before + 3, TopicReader.endOffsetSum(Topics.IMAGES));

        given().when().get("/api/datasets/" + dataset).then().statusCode(200).body("imageCount", equalTo(3));
        given().queryParam("limit", 2).when().get("/api/datasets/" + dataset + "/images").then().statusCode(200)
                .body("total", equalTo(3)).body("images", hasSize(2)).body("images[0].id", equalTo("paris"));
        given().queryParam("limit", 0).when().get("/api/datasets/" + dataset + "/images").then().statusCode(400)
                .body("details[0].field", equalTo("limit"));
        given().queryParam("offset", "x").when().get("/api/datasets/" + dataset + "/images").then().statusCode(400)
                .body("details[0].field", equalTo("offset"));

        // The same import again: everything is a duplicate, nothing is published.
        given().contentType(ContentType.JSON).body(Map.of("folder", folder.toString(), "manifest", "manifest.csv"))
                .when().post("/api/datasets/" + dataset + "/imports")
                .then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(3)).body("rejectedRows", equalTo(5));
        assertEquals(before + 3, TopicReader.endOffsetSum(Topics.IMAGES), "a re-import publishes nothing");

        // The same ids with other coordinates or other bytes are refused; a new id beside them is kept.
        TestImages.write(folder.resolve("other.jpg"), "jpg", 0xFFFF00);
        Files.writeString(folder.resolve("changed.csv"), """
                id,file,latitude,longitude
                paris,paris.jpg,48.0,2.3522
                sydney,other.jpg,-33.8688,151.2093
                lima,other.jpg,-12.0464,-77.0428
                """);
        given().contentType(ContentType.JSON).body(Map.of("folder", folder.toString(), "manifest", "changed.csv"))
                .when().post("/api/datasets/" + dataset + "/imports")
                .then().statusCode(200)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(0))
                .body("rejected.row", equalTo(List.of(1, 2)))
                .body("rejected.reason", equalTo(List.of(ImportService.CONFLICT, ImportService.CONFLICT)));
        assertEquals(before + 4, TopicReader.endOffsetSum(Topics.IMAGES));
        given().when().get("/api/datasets/" + dataset).then().body("imageCount", equalTo(4));

        // The blob is served by its sha with the stored media type.
        String sydneySha = events.stream().filter(e -> e.imageId().equals("sydney")).findFirst().orElseThrow()
                .sha256();
        byte[] served = given().when().get("/api/blobs/" + sydneySha).then().statusCode(200)
                .contentType("image/png")
                .header("Cache-Control", containsString("immutable"))
                .extract().asByteArray();
        assertArrayEquals(Files.readAllBytes(folder.resolve("sub/sydney.png")), served);
    }

    @Test
    void importErrorsNameWhatIsWrong() throws IOException {
        String dataset = newDataset();
        given().contentType(ContentType.JSON).body(Map.of("folder", root.resolve("absent").toString()))
                .when().post("/api/datasets/" + dataset + "/imports")
                .then().statusCode(400).body("error", startsWith("folder not found"))
                .body("details[0].field", equalTo("folder"));
        Files.writeString(root.resolve("manifest.csv"), "id,file,latitude\n");
        given().contentType(ContentType.JSON).body(Map.of("folder", root.toString()))
                .when().post("/api/datasets/" + dataset + "/imports")
                .then().statusCode(400).body("error", containsString("longitude"))
                .body("details[0].field", equalTo("longitude"));
        given().contentType(ContentType.JSON).body(Map.of("folder", root.toString()))
                .when().post("/api/datasets/unknown-" + UUID.randomUUID().toString().substring(0, 8) + "/imports")
                .then().statusCode(404);
    }

    @Test
    void blobsAnswer404And400AsJsonAndTheServiceIsReady() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/api/blobs/" + "0".repeat(64)).then().statusCode(404)
                .contentType(ContentType.JSON).body("error", containsString("not found"));
        given().when().get("/api/blobs/not-a-sha").then().statusCode(400)
                .contentType(ContentType.JSON).body("details[0].field", equalTo("sha256"));
    }

    @Test
    void singleUploadValidatesStoresAndPublishes() throws IOException {
        String dataset = newDataset();
        Path jpeg = TestImages.write(root.resolve("upload.jpg"), "jpg", 0x102030);
        Path text = root.resolve("notes.txt");
        Files.writeString(text, "hello");

        given().multiPart("file", jpeg.toFile(), "image/jpeg").multiPart("id", "up-1")
                .multiPart("latitude", "35.6762").multiPart("longitude", "139.6503")
                .multiPart("city", "Tokyo").multiPart("country", "Japan")
                .when().post("/api/datasets/" + dataset + "/images")
                .then().statusCode(201)
                .body("id", equalTo("up-1")).body("mediaType", equalTo("image/jpeg"))
                .body("sha256", equalTo(BlobStore.sha256(Files.readAllBytes(jpeg))))
                .body("city", equalTo("Tokyo")).body("admin1", equalTo(null));
        List<ImageIngested> events = imageEvents(dataset);
        assertEquals(1, events.size());
        assertEquals(139.6503, events.get(0).truth().longitude());

        // The identical upload again: 200, no new event.
        given().multiPart("file", jpeg.toFile(), "image/jpeg").multiPart("id", "up-1")
                .multiPart("latitude", "35.6762").multiPart("longitude", "139.6503")
                .when().post("/api/datasets/" + dataset + "/images")
                .then().statusCode(200).body("id", equalTo("up-1"));
        given().multiPart("file", jpeg.toFile(), "image/jpeg").multiPart("id", "up-1")
                .multiPart("latitude", "35").multiPart("longitude", "139.6503")
                .when().post("/api/datasets/" + dataset + "/images")
                .then().statusCode(409).body("error", equalTo(ImportService.CONFLICT));
        assertEquals(1, imageEvents(dataset).size());

        given().multiPart("file", jpeg.toFile(), "image/jpeg").multiPart("id", "up-2")
                .multiPart("longitude", "2")
                .when().post("/api/datasets/" + dataset + "/images")
                .then().statusCode(400).body("details.field", equalTo(List.of("latitude")))
                .body("error", containsString("latitude is required"));
        given().multiPart("file", text.toFile(), "text/plain").multiPart("id", "up-3")
                .multiPart("latitude", "1").multiPart("longitude", "2")
                .when().post("/api/datasets/" + dataset + "/images")
                .then().statusCode(400).body("details[0].field", equalTo("file"))
                .body("details[0].reason", startsWith("unsupported image type"));
        given().multiPart("id", "up-4").multiPart("latitude", "1").multiPart("longitude", "2")
                .when().post("/api/datasets/" + dataset + "/images")
                .then().statusCode(400).body("details[0].field", equalTo("file"));
        given().when().get("/api/datasets/" + dataset).then().body("imageCount", equalTo(1));
    }
}
