package io.placebench.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web page's thumbnails come from ingest through analytics: bytes, type, caching and errors pass through. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = ThumbnailProxyTest.FakeIngest.class)
class ThumbnailProxyTest {

    static final byte[] JPEG = jpeg();

    /** A real 64×48 JPEG (the browser test shows it). */
    static byte[] jpeg() {
        try {
            var image = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
            var out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP server answering like ingest's thumbnail endpoint: every image has a thumbnail but {@code nope}. */
    public static class FakeIngest implements QuarkusTestResourceLifecycleManager {
        static volatile String lastQuery;
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/api/datasets/", exchange -> {
                lastQuery = exchange.getRequestURI().getRawQuery();
                String path = exchange.getRequestURI().getPath();
                boolean known = path.endsWith("/thumbnail") && !path.contains("/images/nope/");
                byte[] body = known ? JPEG : "{\"error\":\"image 'nope' not found in dataset 'ds'\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", known ? "image/jpeg" : "application/json");
                if (known) {
                    exchange.getResponseHeaders().add("ETag", "\"abc-320\"");
                    exchange.getResponseHeaders().add("Cache-Control", "no-cache");
                }
                exchange.sendResponseHeaders(known ? 200 : 404, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return Map.of("quarkus.rest-client.ingest.url", "http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    @Test
    void bytesTypeAndCachingComeFromIngest() {
        Response response = given().get("/api/thumbnails/ds/img-1?size=200");
        assertEquals(200, response.statusCode());
        assertEquals("image/jpeg", response.contentType());
        assertEquals("\"abc-320\"", response.header("ETag"));
        assertEquals("no-cache", response.header("Cache-Control"));
        assertArrayEquals(JPEG, response.asByteArray());
        assertEquals("size=200", FakeIngest.lastQuery);
    }

    @Test
    void ingestsErrorsPassThrough() {
        Response response = given().get("/api/thumbnails/ds/nope");
        assertEquals(404, response.statusCode());
        assertTrue(response.asString().contains("image 'nope' not found"), response.asString());
    }
}
