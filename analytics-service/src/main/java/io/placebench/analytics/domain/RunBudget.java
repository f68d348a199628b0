package io.placebench.analytics.domain;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A run's budget from its runs event's parameters ({@code budgetUsd}: a number, or a number as text), as ingest
 * writes it. Ingest validated it; what is not a non-negative number here is read as no budget.
 */
public final class RunBudget {

    private RunBudget() {
    }

    public static BigDecimal of(Map<String, Object> parameters) {
        Object value = parameters == null ? null : parameters.get("budgetUsd");
        if (value == null) {
            return null;
        }
        try {
            BigDecimal budget = value instanceof BigDecimal d ? d : new BigDecimal(value.toString().trim());
            return budget.signum() < 0 ? null : budget;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
