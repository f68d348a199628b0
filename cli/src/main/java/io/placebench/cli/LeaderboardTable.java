package io.placebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Renders the leaderboard JSON of analytics as a plain-text table. */
public final class LeaderboardTable {

    private LeaderboardTable() {
    }

    public static String render(JsonNode leaderboard, String datasetId) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode dataset : leaderboard.path("datasets")) {
            if (datasetId != null && !datasetId.equals(dataset.path("datasetId").asText())) {
                continue;
            }
            sb.append("Leaderboard: dataset ").append(dataset.path("datasetId").asText()).append('\n');
            int modelWidth = 5;
            for (JsonNode run : dataset.path("runs")) {
                modelWidth = Math.max(modelWidth, label(run).length());
            }
            String columns = "%3s  %-" + modelWidth + "s  %-8s %5s %5s %9s %9s %7s %7s %7s %7s %7s %6s %9s%n";
            String header = String.format(Locale.ROOT, columns, "#", "model", "prompt", "n", "ans.", "mean km",
                    "median km", "<1km", "<25km", "<200km", "<750km", "<2500km", "score", "cost USD");
            sb.append(header);
            sb.append("-".repeat(header.stripTrailing().length())).append('\n');
            int rank = 0;
            for (JsonNode run : dataset.path("runs")) {
                rank++;
                sb.append(String.format(Locale.ROOT, columns,
                        rank, label(run), run.path("promptId").asText(""), run.path("n").asLong(),
                        run.path("answered").asLong(), km(run.path("meanErrorKm")), km(run.path("medianErrorKm")),
                        pct(run.path("acc1km")), pct(run.path("acc25km")), pct(run.path("acc200km")),
                        pct(run.path("acc750km")), pct(run.path("acc2500km")),
                        number(run.path("meanScore"), "%.0f"), number(run.path("costUsd"), "%.4f")));
            }
            sb.append('\n');
        }
        if (sb.length() == 0) {
            sb.append("Leaderboard: no runs").append(datasetId == null ? "" : " for dataset " + datasetId)
                    .append('\n');
        } else {
            sb.append("<N km: share of all scored images within N km (a missing answer counts as wrong); errors\n")
                    .append("over answered images only; score: mean GeoGuessr points (0-5000, missing = 0).\n")
                    .append("(simulated): the bundled LLM simulator, not a real model.\n");
        }
        return sb.toString();
    }

    private static String label(JsonNode run) {
        return run.path("provider").asText() + "/" + run.path("model").asText()
                + (run.path("simulated").asBoolean() ? " (simulated)" : "");
    }

    private static String km(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.1f", v.asDouble()) : "-";
    }

    private static String pct(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * v.asDouble()) : "-";
    }

    private static String number(JsonNode v, String format) {
        return v.isNumber() ? String.format(Locale.ROOT, format, v.asDouble()) : "-";
    }
}
