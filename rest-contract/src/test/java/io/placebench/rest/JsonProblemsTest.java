package io.placebench.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonProblemsTest {

    record Point(double lat, double lon) {
    }

    record Request(String name, List<Point> points) {
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static ErrorDetail problemOf(String body) {
        return JsonProblems.detail(assertThrows(JsonProcessingException.class,
                () -> JSON.readValue(body, Request.class)));
    }

    @Test
    void aValueOfTheWrongTypeNamesItsPathAndValue() {
        ErrorDetail d = problemOf("{\"name\":\"a\",\"points\":[{\"lat\":1,\"lon\":2},{\"lat\":\"north\",\"lon\":2}]}");
        assertEquals(new ErrorDetail("points[1].lat", "north", "expected double"), d);
    }

    @Test
    void anUnknownFieldIsNamed() {
        ErrorDetail d = problemOf("{\"name\":\"a\",\"colour\":\"red\"}");
        assertEquals(new ErrorDetail("colour", null, "unknown field 'colour'"), d);
    }

    @Test
    void brokenJsonSaysWhere() {
        assertEquals("body", problemOf("{\"name\": \"a\",").field());
        ErrorDetail d = problemOf("{\"name\": \"a\",\n \"points\": [}");
        assertEquals("points", d.field());
        assertEquals("Unexpected close marker '}': expected ']' (line 2, column 13)", d.reason());
    }

    @Test
    void detailsAreNeverNull() {
        assertEquals(List.of(), new ErrorBody("x", null).details());
        assertEquals(List.of(), new ApiException(400, "x", (List<ErrorDetail>) null).details());
    }
}
