package io.placebench.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.placebench.ingest.domain.TokenHashes;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API tokens (hashed, scoped; reads protected here) and the upload limits answered with 413. */
@QuarkusTest
@TestProfile(AccessAndLimitsTest.Secured.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class AccessAndLimitsTest {

    static final String WRITER = "writer-token-for-tests-only";
    static final String READER = "reader-token-for-tests-only";

    /**
     * The writer's hash in the configuration, the reader's in a tokens file; reads need a token; small limits.
     * (Fixed tokens: the profile and the test may be loaded by different class loaders.)
     */
    public static class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("placebench-tokens", ".txt");
                Files.writeString(file, "# read-only dashboards\n" + TokenHashes.hashOf(READER) + " read\n");
                return Map.of(
                        "placebench.auth.token-hashes", TokenHashes.hashOf(WRITER),
                        "placebench.auth.tokens-file", file.toString(),
                        "placebench.auth.read-requires-token", "true",
                        "placebench.uploads.max-request-bytes", "16384",
                        "quarkus.http.limits.max-body-size", "16K",
                        "placebench.uploads.max-archive-entries", "3",
                        "placebench.uploads.max-files", "2",
                        "placebench.ingest.max-image-bytes", "2000");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TempDir
    Path root;

    static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void writesNeedAWriteTokenAndReadsAnyToken() {
        String id = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> body = Map.of("id", id);
        given().contentType(ContentType.JSON).body(body).when().post("/api/datasets").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", containsString("API token is required"));
        given().header("Authorization", bearer("not-a-token")).contentType(ContentType.JSON).body(body)
                .when().post("/api/datasets").then().statusCode(401).body("error", equalTo("the API token is not valid"));
        given().header("Authorization", bearer(TokenHashes.hashOf(WRITER))).contentType(ContentType.JSON).body(body)
                .when().post("/api/datasets").then().statusCode(401);
        given().header("Authorization", bearer(READER)).contentType(ContentType.JSON).body(body)
                .when().post("/api/datasets").then().statusCode(403).body("details[0].reason",
                        equalTo("token lacks the write scope"));
        given().header("Authorization", bearer(WRITER)).contentType(ContentType.JSON).body(body)
                .when().post("/api/datasets").then().statusCode(201);

        given().when().get("/api/datasets/" + id).then().statusCode(401);
        given().header("Authorization", bearer(READER)).when().get("/api/datasets/" + id).then().statusCode(200)
                .body("id", equalTo(id));
        given().header("Authorization", "bearer " + WRITER).when().get("/api/runs").then().statusCode(200);
        given().when().get("/api/blobs/" + "0".repeat(64)).then().statusCode(404);
        // Thumbnails are as open as the other reads of datasets (here: any token).
        given().when().get("/api/datasets/" + id + "/images/x/thumbnail").then().statusCode(401);
        given().header("Authorization", bearer(READER)).when().get("/api/datasets/" + id + "/images/x/thumbnail")
                .then().statusCode(404).body("details[0].field", equalTo("imageId"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    static byte[] zip(int entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("f" + i + ".txt"));
                zip.write(("entry " + i).getBytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void uploadsBeyondTheLimitsAnswer413() throws IOException {
        String id = "lim-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", bearer(WRITER)).contentType(ContentType.JSON).body(Map.of("id", id))
                .when().post("/api/datasets").then().statusCode(201);

        byte[] large = new byte[20_000];
        Arrays.fill(large, (byte) 'x');
        // A declared length above the limit: refused before the body is read.
        given().header("Authorization", bearer(WRITER)).contentType(ContentType.JSON).body(large)
                .when().post("/api/datasets/" + id + "/imports").then().statusCode(413)
                .body("error", containsString("placebench.uploads.max-request-bytes"))
                .body("details[0].field", equalTo("Content-Length"));
        // A multipart body streamed without a length: stopped by the server's own limit (413, no body).
        given().header("Authorization", bearer(WRITER)).multiPart("manifest", "m.csv", large, "text/csv")
                .when().post("/api/datasets/" + id + "/imports").then().statusCode(413);

        given().header("Authorization", bearer(WRITER)).multiPart("archive", "a.zip", zip(4), "application/zip")
                .when().post("/api/datasets/" + id + "/imports").then().statusCode(413)
                .body("error", containsString("more than 3 files"))
                .body("details[0].field", equalTo("archive"));

        byte[] jpeg = Files.readAllBytes(TestImages.write(root.resolve("a.jpg"), "jpg", 0x101010));
        byte[] image = Arrays.copyOf(jpeg, 3000);
        given().header("Authorization", bearer(WRITER)).multiPart("file", "big.jpg", image, "image/jpeg")
                .multiPart("id", "big").multiPart("latitude", "1").multiPart("longitude", "2")
                .when().post("/api/datasets/" + id + "/images").then().statusCode(413)
                .body("details[0].field", equalTo("file"))
                .body("error", containsString("above the limit of 2000 bytes"));

        given().header("Authorization", bearer(WRITER)).multiPart("truth", "t.csv", "a".getBytes(), "text/csv")
                .multiPart("results", "1.jsonl", "{}".getBytes(), "application/x-ndjson")
                .multiPart("results", "2.jsonl", "{}".getBytes(), "application/x-ndjson")
                .multiPart("results", "3.jsonl", "{}".getBytes(), "application/x-ndjson")
                .when().post("/api/results/imports").then().statusCode(413)
                .body("error", containsString("placebench.uploads.max-files"));
    }
}
