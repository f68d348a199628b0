package io.placebench.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks an error response against the contract every service keeps: status as expected, a JSON body of exactly
 * {@code {"error": "<non-blank text>", "details": [{"field", "value", "reason"}, ...]}}, a reason in each detail.
 */
public final class ErrorContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorContract() {
    }

    /** Answers the body, for checks of what it says. */
    public static JsonNode assertErrorBody(String what, int expectedStatus, int status, String body) {
        assertEquals(expectedStatus, status, what + ": status (body " + body + ")");
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": the body is not JSON: " + body, e);
        }
        assertEquals(Set.of("error", "details"), fields(node), what + ": top-level fields of " + body);
        assertTrue(node.get("error").isTextual() && !node.get("error").asText().isBlank(), what + ": error " + body);
        assertTrue(node.get("details").isArray(), what + ": details is an array in " + body);
        for (JsonNode detail : node.get("details")) {
            assertEquals(Set.of("field", "value", "reason"), fields(detail), what + ": fields of detail " + detail);
            assertFalse(detail.get("reason").asText("").isBlank(), what + ": a detail without a reason: " + detail);
            for (String f : List.of("field", "value")) {
                assertTrue(detail.get(f).isNull() || detail.get(f).isTextual(), what + ": " + f + " of " + detail);
            }
        }
        return node;
    }

    /**
     * Checks an OpenAPI document ({@code /q/openapi?format=json}): every operation under {@code /api} has a
     * summary. Answers the operations seen, as "GET /api/...".
     */
    public static List<String> assertEveryOperationDocumented(String openApiJson) {
        JsonNode paths;
        try {
            paths = JSON.readTree(openApiJson).path("paths");
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not JSON", e);
        }
        List<String> operations = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        paths.fields().forEachRemaining(path -> {
            if (!path.getKey().startsWith("/api")) {
                return;
            }
            path.getValue().fields().forEachRemaining(op -> {
                if (Set.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                    String name = op.getKey().toUpperCase() + " " + path.getKey();
                    operations.add(name);
                    if (op.getValue().path("summary").asText("").isBlank()) {
                        undocumented.add(name);
                    }
                }
            });
        });
        assertFalse(operations.isEmpty(), "no /api operations in the OpenAPI document");
        assertEquals(List.of(), undocumented, "operations without an OpenAPI summary");
        return operations;
    }

    private static Set<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return new TreeSet<>(names);
    }
}
