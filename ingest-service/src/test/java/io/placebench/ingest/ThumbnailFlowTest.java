package io.placebench.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Thumbnails of stored images: upright, scaled, metadata-free; validators; errors in the service's shape. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ThumbnailFlowTest {

    static void upload(String dataset, String imageId, String fileName, byte[] bytes, int expectedStatus) {
        given().multiPart("file", fileName, bytes, "application/octet-stream").multiPart("id", imageId)
                .multiPart("latitude", "48.8584").multiPart("longitude", "2.2945")
                .when().post("/api/datasets/" + dataset + "/images")
                .then().statusCode(expectedStatus);
    }

    static String thumbnailPath(String dataset, String imageId) {
        return "/api/datasets/" + dataset + "/images/" + imageId + "/thumbnail";
    }

    static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        if (image == null) {
            throw new AssertionError("the thumbnail does not decode");
        }
        return image;
    }

    @Test
    void thumbnailIsUprightScaledAndMetadataFree() throws IOException {
        String dataset = IngestFlowTest.newDataset();
        byte[] photo = TestImages.withMetadata(TestImages.halves(400, 240), 6); // landscape, "rotate 90 CW"
        assertTrue(TestImages.contains(photo, TestImages.GPS_LATITUDE), "the upload carries GPS coordinates");
        String imageId = "cam/IMG_0001.jpg"; // im2gps-style ids contain slashes
        upload(dataset, imageId, "IMG_0001.jpg", photo, 201);

        Response answer = given().when().get(thumbnailPath(dataset, imageId));
        answer.then().statusCode(200).contentType("image/jpeg").header("Cache-Control", "no-cache");
        byte[] jpeg = answer.asByteArray();
        BufferedImage image = decode(jpeg);
        assertEquals(192, image.getWidth(), "portrait: the orientation was applied");
        assertEquals(320, image.getHeight(), "longer side at the default size");
        int top = image.getRGB(96, 20);
        int bottom = image.getRGB(96, 300);
        assertTrue((top >> 16 & 0xFF) > 180 && (top & 0xFF) < 80, "the red left half is on top");
        assertTrue((bottom & 0xFF) > 180 && (bottom >> 16 & 0xFF) < 80, "the blue right half is at the bottom");
        TestImages.assertMetadataFree(jpeg);

        Response small = given().queryParam("size", 100).when().get(thumbnailPath(dataset, imageId));
        small.then().statusCode(200).contentType("image/jpeg");
        BufferedImage smallImage = decode(small.asByteArray());
        assertEquals(60, smallImage.getWidth());
        assertEquals(100, smallImage.getHeight());
        TestImages.assertMetadataFree(small.asByteArray());

        // Validators: the ETag names the bytes and the size; If-None-Match answers 304 without a body.
        String etag = answer.header("ETag");
        assertTrue(etag.startsWith("\"") && etag.contains("-320-"), etag);
        assertNotEquals(etag, small.header("ETag"));
        given().header("If-None-Match", etag).when().get(thumbnailPath(dataset, imageId))
                .then().statusCode(304).header("ETag", etag).header("Cache-Control", "no-cache");
        given().header("If-None-Match", small.header("ETag")).when().get(thumbnailPath(dataset, imageId))
                .then().statusCode(200);

        // A client that asks for JSON by default (a generated REST client) still gets the image.
        byte[] again = given().accept("application/json").when().get(thumbnailPath(dataset, imageId))
                .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
        assertTrue(Arrays.equals(jpeg, again), "the same bytes every time");
        // A REST client encodes the slashes of an id as %2F: the same image.
        byte[] encoded = given().urlEncodingEnabled(false).when()
                .get(thumbnailPath(dataset, imageId.replace("/", "%2F")))
                .then().statusCode(200).extract().asByteArray();
        assertTrue(Arrays.equals(jpeg, encoded), "an id with %2F names the same image");
    }

    @Test
    void errorsNameWhatIsWrong() throws IOException {
        String dataset = IngestFlowTest.newDataset();
        upload(dataset, "a", "a.jpg", TestImages.halves(40, 20), 201);

        given().when().get(thumbnailPath(dataset, "missing-image")).then().statusCode(404)
                .contentType("application/json")
                .body("error", allOf(containsString("missing-image"), containsString("not found")))
                .body("details[0].field", equalTo("imageId")).body("details[0].value", equalTo("missing-image"));
        String unknown = "nope-" + UUID.randomUUID().toString().substring(0, 8);
        given().when().get(thumbnailPath(unknown, "a")).then().statusCode(404)
                .body("error", containsString(unknown)).body("details[0].field", equalTo("datasetId"));

        for (String size : new String[] {"5", "2048", "big"}) {
            given().queryParam("size", size).when().get(thumbnailPath(dataset, "a")).then().statusCode(400)
                    .contentType("application/json")
                    .body("error", allOf(containsString("size"), containsString("between 64 and 1024")))
                    .body("details[0].field", equalTo("size")).body("details[0].value", equalTo(size));
        }
        given().queryParam("size", 64).when().get(thumbnailPath(dataset, "a")).then().statusCode(200);

        // Stored, but ingest has no WebP decoder: 415; a JPEG cut after its frame header: 422.
        upload(dataset, "w", "w.webp", TestImages.webpHeader(), 201);
        given().when().get(thumbnailPath(dataset, "w")).then().statusCode(415)
                .body("error", containsString("no decoder for WEBP")).body("details[0].field", equalTo("imageId"));
        upload(dataset, "broken", "broken.jpg", TestImages.framedButEmpty(TestImages.halves(40, 20)), 201);
        given().when().get(thumbnailPath(dataset, "broken")).then().statusCode(422)
                .body("error", containsString("could not be decoded")).body("details[0].value", equalTo("broken"));

        // Above the decoding limit (4,000,000 pixels in tests): refused before decoding, 422.
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(2001, 2000, BufferedImage.TYPE_BYTE_GRAY), "png", png);
        upload(dataset, "huge", "huge.png", png.toByteArray(), 201);
        given().when().get(thumbnailPath(dataset, "huge")).then().statusCode(422)
                .body("error", containsString("4002000 pixels, above the limit of 4000000"))
                .body("details[0].reason", equalTo("above the decoding limits"));
    }
}
