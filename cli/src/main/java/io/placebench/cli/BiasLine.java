package io.placebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One line on a run's geographic bias, from analytics' region table by continent: the best and the worst
 * continent by accuracy within 25 km (among continents with at least the table's minimum n), the gap between
 * them and the Gini coefficient over continents, e.g.
 * {@code sim-weak: acc@25km by continent best EU 31% (n 41), worst AF 0% (n 38), gap 31 pts, Gini 0.42}.
 */
final class BiasLine {

    private BiasLine() {
    }

    static String render(String label, JsonNode regions) {
        JsonNode d = regions.path("disparity").path("acc25km");
        if (!d.path("best").isObject() || !d.path("worst").isObject()) {
            return String.format(Locale.ROOT, "%s: acc@25km by continent: too few images per continent (n >= %d)",
                    label, regions.path("minN").asInt());
        }
        return String.format(Locale.ROOT, "%s: acc@25km by continent best %s %s (n %d), worst %s %s (n %d), gap %.0f "
                        + "pts, Gini %.2f", label, d.path("best").path("group").asText(),
                percent(d.path("best").path("accuracy")), n(regions, d.path("best").path("group").asText()),
                d.path("worst").path("group").asText(), percent(d.path("worst").path("accuracy")),
                n(regions, d.path("worst").path("group").asText()), d.path("gap").asDouble() * 100,
                d.path("gini").asDouble());
    }

    private static String percent(JsonNode rate) {
        return String.format(Locale.ROOT, "%.0f%%", rate.asDouble() * 100);
    }

    private static long n(JsonNode regions, String group) {
        for (JsonNode g : regions.path("groups")) {
            if (group.equals(g.path("group").asText())) {
                return g.path("n").asLong();
            }
        }
        return 0;
    }
}
