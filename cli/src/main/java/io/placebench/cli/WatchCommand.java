package io.placebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.placebench.cli.client.ApiException;
import io.placebench.cli.client.PlaceBenchClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code placebench watch}: progress of runs until they are finished. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow runs until they are finished: per run images scored of those expected, failed "
                + "images, spend and an ETA, refreshed every second from analytics-service (progress) and "
                + "ingest-service (status and its reason). Progress bars on a terminal, plain lines otherwise.",
                "Without RUN_ID: every run that is not COMPLETED or CANCELLED.",
                "Ends when every run is COMPLETED or CANCELLED (exit 0), or when the rest are PAUSED or "
                        + "BUDGET_EXHAUSTED and wait for `placebench runs resume` (exit 1, the reason is printed); "
                        + "Ctrl-C stops watching (the runs go on). An open run never completes by itself."})
public class WatchCommand implements Callable<Integer> {

    /** How long a COMPLETED run may wait for analytics to count its last scores before it is shown as done. */
    static final Duration SCORING_GRACE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "Runs to watch (default: every unfinished run).")
    List<String> runIds = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Refresh interval (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--plain", description = "Plain text lines even on a terminal.")
    boolean plain;

    @Mixin
    ApiOptions api = new ApiOptions();

    /** Plain output prints the lines again when they changed, at most this often (and always at the end). */
    Duration plainEvery = Duration.ofSeconds(5);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PlaceBenchClient client = api.client(Duration.ofSeconds(30));
        Set<String> watched = selectRuns(client);
        if (watched.isEmpty()) {
            out.println("No runs in progress (`placebench runs` lists them all).");
            out.flush();
            return 0;
        }
        boolean bars = !plain && System.console() != null;
        Display display = bars ? new Bars(out) : new PlainLines(out, plainEvery);
        Map<String, Eta> etas = new HashMap<>();
        Map<String, Long> completedSince = new HashMap<>();
        Map<String, RunRow> last = new LinkedHashMap<>();
        String problem = null;
        try {
            while (true) {
                long now = System.nanoTime();
                try {
                    last = fetch(client, watched, last);
                    problem = null;
                } catch (ApiException e) {
                    problem = e.getMessage();
                }
                List<Line> lines = new ArrayList<>();
                boolean allSettled = true;
                for (RunRow row : last.values()) {
                    Eta eta = etas.computeIfAbsent(row.id(), id -> new Eta());
                    eta.add(now, row.done());
                    boolean done = done(row, completedSince, now);
                    allSettled &= done || row.waiting();
                    lines.add(new Line(row, done, done ? null : eta.remaining(now, row.expected())));
                }
                boolean end = allSettled && !last.isEmpty() && problem == null;
                display.show(lines, problem, end);
                if (end) {
                    break;
                }
                Thread.sleep(interval.toMillis());
            }
        } finally {
            display.close();
        }
        boolean waiting = false;
        for (RunRow row : last.values()) {
            if (row.waiting()) {
                waiting = true;
                out.printf("Run %s (%s) is %s%s; `placebench runs resume %s` sends the rest.%n", row.id(),
                        row.label(), row.status(), row.statusReason() == null ? "" : ": " + row.statusReason(),
                        row.id());
            }
        }
        out.flush();
        return waiting ? 1 : 0;
    }

    /** The runs named, each checked to exist; or every run ingest lists that is not finished. */
    private Set<String> selectRuns(PlaceBenchClient client) {
        Set<String> selected = new LinkedHashSet<>();
        if (!runIds.isEmpty()) {
            for (String id : runIds) {
                selected.add(client.run(id).path("id").asText(id));
            }
            return selected;
        }
        List<String> newestFirst = new ArrayList<>();
        for (JsonNode run : client.runs()) {
            if (!RunRow.FINISHED.contains(run.path("status").asText())) {
                newestFirst.add(run.path("id").asText());
            }
        }
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            selected.add(newestFirst.get(i)); // oldest first, like analytics
        }
        return selected;
    }

    /** Every watched run: ingest's list for status, analytics' list for progress (analytics may be behind). */
    private Map<String, RunRow> fetch(PlaceBenchClient client, Set<String> watched, Map<String, RunRow> previous) {
        Map<String, JsonNode> ingest = new HashMap<>();
        for (JsonNode run : client.runs()) {
            ingest.put(run.path("id").asText(), run);
        }
        Map<String, JsonNode> analytics;
        try {
            analytics = RunRow.byRunId(client.analyticsRuns());
        } catch (ApiException e) {
            if (e.status() != 0 && e.status() < 500) {
                throw e;
            }
            analytics = null; // analytics down for a moment: ingest's counts in the meantime
        }
        Map<String, RunRow> rows = new LinkedHashMap<>();
        for (String id : watched) {
            JsonNode run = ingest.get(id);
            if (run == null) {
                if (previous.containsKey(id)) {
                    rows.put(id, previous.get(id));
                }
                continue;
            }
            JsonNode progress = analytics == null ? null : analytics.get(id);
            RunRow row = RunRow.of(run, progress);
            if (analytics == null && previous.containsKey(id) && previous.get(id).scored()) {
                RunRow p = previous.get(id);
                row = new RunRow(row.id(), row.datasetId(), row.provider(), row.model(), row.promptId(),
                        row.simulated(), row.status(), row.statusReason(), row.mode(), row.expected(), p.done(),
                        p.failed(), p.costUsd(), true);
            }
            rows.put(id, row);
        }
        return rows;
    }

    /**
     * Finished for the watch: CANCELLED; or COMPLETED with every image scored (analytics trails ingest by a moment;
     * after {@link #SCORING_GRACE} a COMPLETED run counts as done whatever analytics says).
     */
    static boolean done(RunRow row, Map<String, Long> completedSince, long now) {
        if ("CANCELLED".equals(row.status())) {
            return true;
        }
        if (!"COMPLETED".equals(row.status())) {
            completedSince.remove(row.id());
            return false;
        }
        long since = completedSince.computeIfAbsent(row.id(), id -> now);
        return row.allScored() || !row.scored() && row.done() >= row.expected()
                || now - since >= SCORING_GRACE.toNanos();
    }

    /** What one run shows: its row, whether it is done, the ETA (null when unknown or done). */
    record Line(RunRow row, boolean done, Duration eta) {

        String text() {
            RunRow r = row;
            return String.format(Locale.ROOT, "%-14s %-30s %-16s %-18s failed %-4d %-10s ETA %s", r.id(), r.label(),
                    r.status(), Formats.progress(r.done(), r.expected()), r.failed(), Formats.usd(r.costUsd()),
                    done ? "done" : Formats.duration(eta));
        }

        /** The part that changes only when something happened (not the ETA). */
        String state() {
            return row.status() + " " + row.done() + "/" + row.expected() + " " + row.failed() + " " + row.costUsd();
        }
    }

    /**
     * ETA from the recent rate: images done over the last minute (at least 2 s of samples and one image), the rest
     * at that rate.
     */
    static final class Eta {
        private static final long WINDOW = Duration.ofSeconds(60).toNanos();
        private final Deque<long[]> samples = new ArrayDeque<>();

        void add(long nanos, long done) {
            if (!samples.isEmpty() && done < samples.peekLast()[1]) {
                samples.clear(); // counts went back (a retry reset): start over
            }
            samples.addLast(new long[] {nanos, done});
            while (samples.size() > 2 && nanos - samples.peekFirst()[0] > WINDOW) {
                samples.removeFirst();
            }
        }

        Duration remaining(long now, long expected) {
            if (samples.size() < 2) {
                return null;
            }
            long[] first = samples.peekFirst();
            long[] lastSample = samples.peekLast();
            long images = lastSample[1] - first[1];
            long nanos = lastSample[0] - first[0];
            if (images <= 0 || nanos < 2_000_000_000L || expected <= 0) {
                return null;
            }
            long left = Math.max(0, expected - lastSample[1]);
            return Duration.ofNanos((long) (left * ((double) nanos / images)));
        }
    }

    /** Where the lines go. */
    interface Display extends AutoCloseable {
        void show(List<Line> lines, String problem, boolean last);

        @Override
        void close();
    }

    /**
     * Text lines with a time stamp: again whenever something changed (at most every few seconds), at least every
     * minute (so a log shows the watch is alive), and at the end.
     */
    static final class PlainLines implements Display {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
        private static final long HEARTBEAT = Duration.ofMinutes(1).toNanos();
        private final PrintWriter out;
        private final long everyNanos;
        private String lastState = "";
        private long lastPrint;
        private boolean printed;

        PlainLines(PrintWriter out, Duration every) {
            this.out = out;
            this.everyNanos = every.toNanos();
        }

        @Override
        public void show(List<Line> lines, String problem, boolean last) {
            StringBuilder state = new StringBuilder();
            lines.forEach(l -> state.append(l.state()).append('\n'));
            state.append(problem);
            long now = System.nanoTime();
            boolean changed = !state.toString().equals(lastState);
            boolean due = !printed || now - lastPrint >= (changed ? everyNanos : HEARTBEAT);
            if (!last && !due) {
                return;
            }
            String time = LocalTime.now().format(TIME);
            for (Line line : lines) {
                out.println(time + "  " + line.text());
            }
            if (problem != null) {
                out.println(time + "  (refresh failed: " + problem + ")");
            }
            out.flush();
            lastState = state.toString();
            lastPrint = now;
            printed = true;
        }

        @Override
        public void close() {
            out.flush();
        }
    }

    /** One progress bar per run (me.tongfei progressbar), redrawn in place on the terminal. */
    static final class Bars implements Display {
        private final PrintWriter out;
        private final Map<String, ProgressBar> bars = new LinkedHashMap<>();
        private final Map<String, Optional<Duration>> etas = new java.util.concurrent.ConcurrentHashMap<>();

        Bars(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void show(List<Line> lines, String problem, boolean last) {
            if (bars.isEmpty()) {
                out.println("Watching " + lines.size() + " run" + (lines.size() == 1 ? "" : "s")
                        + " (Ctrl-C stops watching, not the runs):");
                lines.forEach(l -> out.println("  " + l.row().id() + "  " + l.row().label()));
                out.flush();
            }
            for (Line line : lines) {
                RunRow r = line.row();
                etas.put(r.id(), Optional.ofNullable(line.eta()));
                ProgressBar bar = bars.computeIfAbsent(r.id(), id -> new ProgressBarBuilder()
                        .setTaskName(abbreviate(r.provider() + "/" + r.model(), 28))
                        .setInitialMax(Math.max(1, r.expected()))
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                        .setUpdateIntervalMillis(500)
                        .setConsumer(new InteractiveConsoleProgressBarConsumer(System.out))
                        .setEtaFunction(state -> etas.getOrDefault(id, Optional.empty()))
                        .startsFrom(r.done(), Duration.ZERO)
                        .build());
                if (r.expected() > 0 && bar.getMax() != r.expected()) {
                    bar.maxHint(r.expected());
                }
                bar.stepTo(r.done());
                bar.setExtraMessage(String.format(Locale.ROOT, "%s, failed %d, %s%s", r.status(), r.failed(),
                        Formats.usd(r.costUsd()), problem == null ? "" : " (refresh failed)"));
            }
        }

        @Override
        public void close() {
            bars.values().forEach(ProgressBar::close);
        }

        private static String abbreviate(String s, int max) {
            return s.length() <= max ? s : s.substring(0, max - 1) + "…";
        }
    }
}
