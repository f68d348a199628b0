package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunBudgetTest {

    @Test
    void aNumberOrNumericTextIsTheBudget() {
        assertEquals(new BigDecimal("12.5"), RunBudget.of(Map.of("budgetUsd", 12.5)));
        assertEquals(new BigDecimal("3"), RunBudget.of(Map.of("budgetUsd", 3)));
        assertEquals(new BigDecimal("0.75"), RunBudget.of(Map.of("budgetUsd", " 0.75 ")));
        assertEquals(BigDecimal.ZERO, RunBudget.of(Map.of("budgetUsd", BigDecimal.ZERO)));
    }

    @Test
    void anythingElseIsNoBudget() {
        assertNull(RunBudget.of(null));
        assertNull(RunBudget.of(Map.of()));
        assertNull(RunBudget.of(Map.of("budgetUsd", "lots")));
        assertNull(RunBudget.of(Map.of("budgetUsd", -1)));
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("budgetUsd", null);
        assertNull(RunBudget.of(nullValue));
    }
}
