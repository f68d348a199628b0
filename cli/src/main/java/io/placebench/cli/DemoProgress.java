package io.placebench.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Progress of the demo's runs on stderr: one line per run, redrawn in place on a terminal, printed again when
 * it changed (at most every few seconds) otherwise.
 */
final class DemoProgress {

    /** One run's progress as analytics reports it. */
    record Line(String label, long scored, long expected, long failed, BigDecimal costUsd) {
        String render() {
            return String.format(Locale.ROOT, "  %-34s scored %5d/%-5d failed %4d  spend $%.4f", label, scored,
                    expected, failed, costUsd);
        }

        boolean done() {
            return expected > 0 && scored >= expected;
        }
    }

    private final PrintWriter err;
    private final boolean terminal;
    private int drawnLines;
    private String lastPrinted = "";
    private long lastPrintNanos;

    DemoProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    void show(List<Line> lines, boolean force) {
        String text = String.join("\n", lines.stream().map(Line::render).toList());
        if (terminal) {
            if (drawnLines > 0) {
                err.print("\u001b[" + drawnLines + "F"); // back to the first line drawn
            }
            for (Line line : lines) {
                err.print("\u001b[2K" + line.render() + "\n");
            }
            drawnLines = lines.size();
            err.flush();
            return;
        }
        long now = System.nanoTime();
        if (!text.equals(lastPrinted) && (force || now - lastPrintNanos > 5_000_000_000L)) {
            err.println(text);
            err.flush();
            lastPrinted = text;
            lastPrintNanos = now;
        }
    }
}
