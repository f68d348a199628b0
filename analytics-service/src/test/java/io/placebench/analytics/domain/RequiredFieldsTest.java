package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RequiredFieldsTest {

    @Test
    void namesEveryMissingOrBlankFieldInOrder() {
        assertEquals("scores event e-1 lacks [runId, status]", RequiredFields.of("scores event e-1")
                .require("runId", " ").require("imageId", "i").require("status", null).problem());
    }

    @Test
    void nothingMissingIsNoProblem() {
        assertNull(RequiredFields.of("x").require("a", "b").require("n", 0).problem());
    }
}
