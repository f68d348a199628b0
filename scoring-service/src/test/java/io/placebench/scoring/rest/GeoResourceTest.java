package io.placebench.scoring.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class GeoResourceTest {

    @BeforeEach
    void geocoderLoaded() {
        // Readiness waits for the geocoder, which loads in the background at boot.
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void reverseGeocodesOnePoint() {
        given().queryParam("lat", 48.8566).queryParam("lon", 2.3522).get("/api/geo/reverse")
                .then().statusCode(200)
                .body("continent.code", equalTo("EU"))
                .body("country.alpha2", equalTo("FR"))
                .body("country.alpha3", equalTo("FRA"))
                .body("region.isoCode", equalTo("FR-IDF"))
                .body("place.name", equalTo("Paris"))
                .body("place.geonameId", equalTo(2988507))
                .body("method", equalTo("INSIDE"))
                .body("dispute", nullValue());
    }

    @Test
    void theViewCanBeChosenPerRequest() {
        given().queryParam("lat", 44.9521).queryParam("lon", 34.1024).get("/api/geo/reverse")
                .then().statusCode(200).body("country.alpha2", equalTo("UA"))
                .body("dispute", containsString("Crimea"));
        given().queryParam("lat", 44.9521).queryParam("lon", 34.1024).queryParam("view", "de-facto")
                .get("/api/geo/reverse").then().statusCode(200).body("country.alpha2", equalTo("RU"));
    }

    @Test
    void answersABatchInTheSameOrder() {
        given().contentType("application/json")
                .body("[{\"lat\":35.6762,\"lon\":139.6503},{\"lat\":0,\"lon\":0},{\"lat\":-33.8688,\"lon\":151.2093},"
                        + "{\"lat\":-90,\"lon\":0},{\"lat\":-16.85,\"lon\":180}]")
                .post("/api/geo/reverse")
                .then().statusCode(200)
                .body("$", hasSize(5))
                .body("[0].country.alpha2", equalTo("JP"))
                .body("[1].country", nullValue())
                .body("[1].method", equalTo("NONE"))
                .body("[2].country.alpha2", equalTo("AU"))
                .body("[2].region.isoCode", equalTo("AU-NSW"))
                .body("[3].continent.code", equalTo("AN"))
                .body("[4].country.alpha2", equalTo("FJ"));
    }

    @Test
    void badCoordinatesAreNamedByIndex() {
        given().contentType("application/json")
                .body("[{\"lat\":1,\"lon\":2},{\"lat\":91,\"lon\":0},{\"lat\":NaN,\"lon\":3},{\"lon\":4},\"x\"]")
                .post("/api/geo/reverse")
                .then().statusCode(400)
                .body("error", equalTo("4 of 5 points are invalid"))
                .body("details[0].index", equalTo(1))
                .body("details[0].field", equalTo("lat"))
                .body("details[1].index", equalTo(2))
                .body("details[1].value", equalTo("NaN"))
                .body("details[2].index", equalTo(3))
                .body("details[2].reason", equalTo("required"))
                .body("details[3].index", equalTo(4));
        given().queryParam("lat", "abc").queryParam("lon", 181).get("/api/geo/reverse")
                .then().statusCode(400)
                .body("details[0].field", equalTo("lat"))
                .body("details[1].field", equalTo("lon"));
        given().queryParam("lat", 1).get("/api/geo/reverse")
                .then().statusCode(400).body("details[0].field", equalTo("lon"))
                .body("details[0].reason", equalTo("required"));
        given().contentType("application/json").body("{\"lat\":1,\"lon\":2}").post("/api/geo/reverse")
                .then().statusCode(400).body("error", containsString("JSON array"));
    }

    @Test
    void atMostTenThousandPointsPerRequest() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 10_001; i++) {
            body.append(i == 0 ? "" : ",").append("{\"lat\":1,\"lon\":1}");
        }
        given().contentType("application/json").body(body.append("]").toString()).post("/api/geo/reverse")
                .then().statusCode(400).body("error", equalTo("Too many points"));
        String ok = body.toString().replaceFirst("\\{\"lat\":1,\"lon\":1\\},", "");
        given().contentType("application/json").body(ok).post("/api/geo/reverse")
                .then().statusCode(200).body("$", hasSize(10_000));
    }
}
