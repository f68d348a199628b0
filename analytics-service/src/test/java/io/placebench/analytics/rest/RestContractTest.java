package io.placebench.analytics.rest;

import static io.placebench.testing.ErrorContract.assertErrorBody;
import static io.placebench.testing.ErrorContract.assertEveryOperationDocumented;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every error analytics answers has the one shape all services share; every endpoint is documented. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class RestContractTest {

    static JsonNode check(String what, int status, Response response) {
        return assertErrorBody(what, status, response.statusCode(), response.asString());
    }

    @Test
    void everyErrorHasTheSharedShape() {
        JsonNode unknown = check("an unknown run", 404, given().get("/api/runs/no-such-run"));
        assertEquals("id", unknown.at("/details/0/field").asText());
        assertEquals("no-such-run", unknown.at("/details/0/value").asText());
        JsonNode minN = check("a parameter that is not a number", 400,
                given().queryParam("minN", "ten").get("/api/runs/no-such-run/regions"));
        assertEquals("minN", minN.at("/details/0/field").asText());
        assertEquals("ten", minN.at("/details/0/value").asText());
        check("a comparison without runs", 400, given().get("/api/compare"));
        check("an export format that does not exist", 400,
                given().queryParam("format", "xml").get("/api/runs/no-such-run/scores"));
        check("a method the path does not have", 405, given().delete("/api/leaderboard"));
    }

    @Test
    void theWebPageIsStillServed() {
        given().get("/").then().statusCode(200);
    }

    @Test
    void everyEndpointIsDocumented() {
        List<String> operations = assertEveryOperationDocumented(
                given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
        assertTrue(operations.contains("GET /api/leaderboard"), operations::toString);
    }
}
