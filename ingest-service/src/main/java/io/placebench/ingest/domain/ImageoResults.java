package io.placebench.ingest.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.PredictionStatus;
import io.placebench.events.TokenUsage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an IMAGEO-Bench result file: JSON Lines, one object per image with {@code image_file},
 * {@code provider}, {@code model_used}, {@code raw_response}, {@code location_info} (ignored: our own parser
 * reads {@code raw_response}), {@code error} and {@code usage_info} ({@code input_tokens}, {@code output_tokens},
 * {@code total_tokens}, {@code cost_usd}; {@code prompt_tokens}/{@code completion_tokens},
 * {@code cached_tokens}, {@code reasoning_tokens} are read too). Lines are numbered from 1 as in the file
 * (blank lines count but are skipped). Pure Java.
 */
public final class ImageoResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageoResults() {
    }

    /** One usable line. {@code status} is null when the line recorded no error. */
    public record Line(int line, String imageFile, String provider, String model, String rawResponse, String error,
            PredictionStatus status, TokenUsage usage, BigDecimal costUsd) {

        /** The names the image may have in the truth: as written, its file name, its name without extension. */
        public List<String> candidateIds() {
            String base = imageFile.replace('\\', '/');
            base = base.substring(base.lastIndexOf('/') + 1);
            List<String> ids = new ArrayList<>(List.of(imageFile));
            if (!base.equals(imageFile)) {
                ids.add(base);
            }
            int dot = base.lastIndexOf('.');
            if (dot > 0 && FolderIndex.EXTENSIONS.contains(base.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                ids.add(base.substring(0, dot));
            }
            return ids;
        }
    }

    /** The lines of one (provider, model) of a file. */
    public record Group(String provider, String model, List<Line> lines) {
    }

    /** A parsed file: its lines grouped by provider and model (in order of first appearance), and its problems. */
    public record Parsed(int lines, List<Group> groups, List<RowProblem> problems) {
    }

    public static Parsed parse(Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        List<RowProblem> problems = new ArrayList<>();
        int number = 0;
        int count = 0;
        String text;
        while ((text = in.readLine()) != null) {
            number++;
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                continue;
            }
            count++;
            Line line = line(number, text, problems);
            if (line == null) {
                continue;
            }
            String key = line.provider() + "\n" + line.model();
            Integer first = firstLine.putIfAbsent(key + "\n" + line.imageFile(), number);
            if (first != null) {
                problems.add(new RowProblem(number, "image_file", line.imageFile(),
                        "duplicate result for this image (first in line " + first + ")"));
                continue;
            }
            groups.computeIfAbsent(key, k -> new Group(line.provider(), line.model(), new ArrayList<>()))
                    .lines().add(line);
        }
        return new Parsed(count, List.copyOf(groups.values()), List.copyOf(problems));
    }

    private static Line line(int number, String text, List<RowProblem> problems) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(new RowProblem(number, null, null, "not valid JSON: " + e.getOriginalMessage()));
            return null;
        }
        if (node == null || !node.isObject()) {
            problems.add(new RowProblem(number, null, null, "not a JSON object"));
            return null;
        }
        int before = problems.size();
        String imageFile = required(node, "image_file", number, problems);
        String provider = required(node, "provider", number, problems);
        String model = required(node, "model_used", number, problems);
        String raw = textOf(node.get("raw_response"));
        String error = textOf(node.get("error"));
        if (error != null && error.isBlank()) {
            error = null;
        }
        JsonNode usage = node.get("usage_info");
        long input = 0;
        long output = 0;
        long cached = 0;
        long reasoning = 0;
        BigDecimal cost = null;
        if (usage != null && !usage.isNull()) {
            if (!usage.isObject()) {
                problems.add(new RowProblem(number, "usage_info", usage.toString(), "usage_info is not an object"));
            } else {
                input = tokens(usage, number, problems, "input_tokens", "prompt_tokens");
                output = tokens(usage, number, problems, "output_tokens", "completion_tokens");
                cached = tokens(usage, number, problems, "cached_tokens", "cache_read_input_tokens");
                if (cached == 0 && usage.path("prompt_tokens_details").has("cached_tokens")) {
                    cached = tokens(usage.get("prompt_tokens_details"), number, problems, "cached_tokens");
                }
                reasoning = tokens(usage, number, problems, "reasoning_tokens");
                if (reasoning == 0 && usage.path("completion_tokens_details").has("reasoning_tokens")) {
                    reasoning = tokens(usage.get("completion_tokens_details"), number, problems, "reasoning_tokens");
                }
                JsonNode c = usage.has("cost_usd") ? usage.get("cost_usd") : usage.get("cost");
                if (c != null && !c.isNull()) {
                    if (!c.isNumber() || c.decimalValue().signum() < 0) {
                        problems.add(new RowProblem(number, "usage_info.cost_usd", c.toString(),
                                "cost_usd must be a number of 0 or more"));
                    } else {
                        cost = c.decimalValue().stripTrailingZeros();
                        if (cost.scale() < 0) {
                            cost = cost.setScale(0);
                        }
                    }
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        PredictionStatus status = error == null ? null : statusOf(error);
        return new Line(number, imageFile, provider, model, raw, error, status,
                new TokenUsage(input, output, cached, reasoning, 0), cost);
    }

    /** How a recorded error counts: TIMEOUT when it says so, API_ERROR otherwise. */
    public static PredictionStatus statusOf(String error) {
        String lower = error.toLowerCase(Locale.ROOT);
        return lower.contains("timeout") || lower.contains("timed out") || lower.contains("time out")
                ? PredictionStatus.TIMEOUT : PredictionStatus.API_ERROR;
    }

    private static String required(JsonNode node, String field, int number, List<RowProblem> problems) {
        String value = textOf(node.get(field));
        if (value == null || value.isBlank()) {
            problems.add(new RowProblem(number, field, value, field + " is required"));
            return null;
        }
        return value.trim();
    }

    private static String textOf(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static long tokens(JsonNode usage, int number, List<RowProblem> problems, String... names) {
        for (String name : names) {
            JsonNode v = usage.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.canConvertToLong() || !v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() % 1 == 0)
                    || v.asLong() < 0) {
                problems.add(new RowProblem(number, "usage_info." + name, v.toString(),
                        name + " must be a whole number of 0 or more"));
                return 0;
            }
            return v.asLong();
        }
        return 0;
    }
}
