package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a run's {@code parameters} over the catalogue entry's defaults into a {@link CallSpec}. Read here:
 * {@code max_tokens} (aliases {@code maxTokens}, {@code max_completion_tokens}, {@code max_output_tokens};
 * default {@value #DEFAULT_MAX_TOKENS}), {@code temperature}, {@code detail} (auto, low, high, original; default
 * high), {@code reasoning_effort}, {@code thinking_budget}, {@code structured_output} (overrides the
 * catalogue's mode) and {@code budgetUsd} ({@link #budgetUsd}). Other keys are ignored. A bad value throws
 * {@link IllegalArgumentException} naming the parameter.
 */
public final class RunParameters {

    public static final int DEFAULT_MAX_TOKENS = 800;
    private static final Set<String> DETAILS = Set.of("auto", "low", "high", "original");
    private static final Set<String> EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh", "max");

    private RunParameters() {
    }

    public static CallSpec resolve(Map<String, Object> runParameters, ModelEntry entry, WireApi api, Flavor flavor,
            String providerMaxTokensField, StructuredMode providerMode, Prompt prompt, PreparedImage image) {
        Map<String, Object> p = new LinkedHashMap<>(entry.parameters());
        if (runParameters != null) {
            p.putAll(runParameters);
        }
        List<String> notes = new ArrayList<>();
        int maxTokens = maxTokens(p);
        BigDecimal temperature = null;
        Object t = p.get("temperature");
        if (t != null) {
            temperature = decimal(t, "temperature");
            if (temperature.signum() < 0 || temperature.compareTo(BigDecimal.valueOf(2)) > 0) {
                throw new IllegalArgumentException("temperature must be between 0 and 2, was " + t);
            }
            if (!entry.supportsTemperature()) {
                notes.add("temperature dropped: " + entry.model() + " does not accept it");
                temperature = null;
            }
        }
        String detail = text(p.get("detail"), "high");
        if (!DETAILS.contains(detail)) {
            throw new IllegalArgumentException("detail must be one of " + DETAILS + ", was '" + detail + "'");
        }
        String effort = text(p.containsKey("reasoning_effort") ? p.get("reasoning_effort") : p.get("reasoningEffort"), null);
        if (effort != null && !EFFORTS.contains(effort)) {
            throw new IllegalArgumentException("reasoning_effort must be one of " + EFFORTS + ", was '" + effort + "'");
        }
        Object tb = p.containsKey("thinking_budget") ? p.get("thinking_budget") : p.get("thinkingBudget");
        Integer thinking = null;
        if (tb != null) {
            BigDecimal n = decimal(tb, "thinking_budget");
            if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("thinking_budget must be an integer >= 0, was " + tb);
            }
            thinking = n.intValueExact();
        }
        StructuredMode mode = entry.structuredOutput() != null ? entry.structuredOutput()
                : providerMode != null ? providerMode : StructuredMode.AUTO;
        Object so = p.containsKey("structured_output") ? p.get("structured_output") : p.get("structuredOutput");
        if (so != null) {
            mode = StructuredMode.fromConfig(String.valueOf(so)).orElseThrow(() -> new IllegalArgumentException(
                    "structured_output must be one of auto, json-schema, json-object, tool, output-config, "
                            + "response-schema, none; was '" + so + "'"));
        }
        mode = mode.resolve(api);
        if (api == WireApi.ANTHROPIC && mode == StructuredMode.TOOL && thinking != null && thinking > 0) {
            mode = StructuredMode.OUTPUT_CONFIG; // a forced tool is not allowed with extended thinking
            notes.add("structured output via output_config: forced tools are not allowed with extended thinking");
        }
        String field = entry.maxTokensField() != null ? entry.maxTokensField() : providerMaxTokensField;
        return new CallSpec(entry.model(), prompt, image, maxTokens, field == null ? "max_tokens" : field, temperature,
                effort, thinking, detail, mode, flavor == null ? Flavor.OPENAI : flavor, notes);
    }

    static int maxTokens(Map<String, Object> params) {
        Object value = null;
        for (String name : new String[] {"max_tokens", "maxTokens", "max_completion_tokens", "max_output_tokens"}) {
            if (params.get(name) != null) {
                value = params.get(name);
                break;
            }
        }
        if (value == null) {
            return DEFAULT_MAX_TOKENS;
        }
        BigDecimal number = decimal(value, "max_tokens");
        if (number.signum() <= 0 || number.stripTrailingZeros().scale() > 0 || number.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            throw new IllegalArgumentException("max_tokens must be a positive integer, was " + value);
        }
        return number.intValueExact();
    }

    /** The run's budget in USD ({@code budgetUsd}, alias {@code budget_usd}), or null when it has none. */
    public static BigDecimal budgetUsd(Map<String, Object> params) {
        if (params == null) {
            return null;
        }
        Object value = params.containsKey("budgetUsd") ? params.get("budgetUsd") : params.get("budget_usd");
        if (value == null) {
            return null;
        }
        BigDecimal budget = decimal(value, "budgetUsd");
        if (budget.signum() < 0) {
            throw new IllegalArgumentException("budgetUsd must not be negative, was " + value);
        }
        return budget;
    }

    private static String text(Object value, String fallback) {
        if (value == null) {
            return fallback;
        }
        String s = value instanceof JsonNode node ? node.asText() : value.toString();
        return s.trim().isEmpty() ? fallback : s.trim();
    }

    static BigDecimal decimal(Object value, String name) {
        try {
            if (value instanceof JsonNode node) {
                return new BigDecimal(node.asText());
            }
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }
}
