package io.placebench.analytics.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.analytics.config.AnalyticsConfig;
import io.placebench.analytics.domain.Leaderboard;
import io.placebench.analytics.domain.RunStats;
import io.placebench.analytics.repository.AnalyticsQueries;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Turns stored changes into live updates, off the consumer path: the projection marks a run changed after each
 * commit; every {@code placebench.analytics.live-tick} the changed runs are re-read once (progress, and the
 * leaderboard row from the newest figures in {@link RunFiguresCache}) and handed to every listener (the server-sent
 * events stream), and the per-run gauges follow. Figures older than the run's scores are recomputed by
 * {@link FiguresRefresher}, which marks the run changed again when they are ready.
 *
 * <p>Gauges per RUNNING run, tags {@code run}, {@code model} (provider/model): {@code placebench.analytics.run.progress}
 * (scored / expected), {@code .run.failed} (scored without an answer), {@code .run.spend.usd}, {@code .run.budget.usd}
 * (NaN without a budget), {@code .run.mean.score},
 * {@code .run.acc25km}. They are removed when the run leaves RUNNING, so the label set stays bounded by the runs
 * in progress.
 */
@ApplicationScoped
public class LiveUpdates {

    private static final Logger LOG = Logger.getLogger(LiveUpdates.class);

    /** One run's change, as the stream sends it. */
    public record RunUpdate(AnalyticsQueries.Progress progress, Leaderboard.Row row) {
    }

    @Inject
    AnalyticsQueries queries;

    @Inject
    RunFiguresCache cache;

    @Inject
    FiguresRefresher refresher;

    @Inject
    MeterRegistry registry;

    @Inject
    AnalyticsConfig config;

    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final List<Consumer<RunUpdate>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, RunGauges> gauges = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    void start(@Observes StartupEvent event) {
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "analytics-live");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(20, config.liveTick().toMillis());
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        // runs already in progress get their gauges at once
        try {
            QuarkusTransaction.requiringNew().run(() -> queries.progress(null).stream()
                    .filter(p -> "RUNNING".equals(p.run().status())).forEach(p -> changed.add(p.run().runId())));
        } catch (RuntimeException e) {
            LOG.debugf("Runs in progress not read at start (%s); they get gauges with their next score",
                    e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** Called after a commit that stored a score or applied a runs event. */
    public void changed(String runId) {
        changed.add(runId);
    }

    public Runnable listen(Consumer<RunUpdate> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The current state of every run (what a new stream subscriber starts from). */
    public List<RunUpdate> snapshot() {
        List<RunUpdate> updates = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            Map<String, RunFiguresCache.Figures> figures = cache.getAll(queries.scoresVersions(null));
            for (AnalyticsQueries.Progress progress : queries.progress(null)) {
                RunFiguresCache.Figures f = figures.getOrDefault(progress.run().runId(), RunFiguresCache.Figures.NONE);
                updates.add(new RunUpdate(progress, new Leaderboard.Row(progress.run(), f.stats(), f.figures())));
            }
        });
        return updates;
    }

    void tick() {
        if (changed.isEmpty()) {
            return;
        }
        List<String> runs = new ArrayList<>(changed);
        changed.removeAll(runs);
        for (String runId : runs) {
            try {
                Optional<RunUpdate> update = QuarkusTransaction.requiringNew().call(() -> read(runId));
                update.ifPresent(u -> {
                    gauges(u);
                    listeners.forEach(listener -> listener.accept(u));
                });
            } catch (RuntimeException e) {
                changed.add(runId); // the database is away: try again next tick
                LOG.debugf("Live update of run %s failed (%s); retrying", runId, e.getMessage());
            }
        }
    }

    private Optional<RunUpdate> read(String runId) {
        Optional<AnalyticsQueries.Progress> progress = queries.progressOf(runId);
        if (progress.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(update(progress.get(), queries.scoresVersion(runId)));
    }

    /** With the newest figures computed; stale ones are recomputed in the background, which marks the run again. */
    private RunUpdate update(AnalyticsQueries.Progress progress, long version) {
        RunFiguresCache.Figures figures = cache.latest(progress.run().runId());
        if (figures.version() < version) {
            refresher.changed(progress.run().runId());
        }
        return new RunUpdate(progress, new Leaderboard.Row(progress.run(), figures.stats(), figures.figures()));
    }

    private void gauges(RunUpdate update) {
        String runId = update.progress().run().runId();
        if (!"RUNNING".equals(update.progress().run().status())) {
            RunGauges old = gauges.remove(runId);
            if (old != null) {
                old.meters.forEach(registry::remove);
            }
            return;
        }
        gauges.computeIfAbsent(runId, id -> new RunGauges(registry, update.progress().run().runId(),
                update.progress().run().provider() + "/" + update.progress().run().model())).set(update);
    }

    /** The gauges of one running run; they read the values of its latest update. */
    private static final class RunGauges {
        final List<Meter> meters = new ArrayList<>();
        volatile double progress;
        volatile double failed;
        volatile double spend;
        volatile double budget = Double.NaN;
        volatile double meanScore = Double.NaN;
        volatile double acc25km = Double.NaN;

        RunGauges(MeterRegistry registry, String runId, String model) {
            add(registry, "placebench.analytics.run.progress", "Share of the run's requests scored", runId, model,
                    g -> g.progress);
            add(registry, "placebench.analytics.run.failed", "Scored images without a usable answer", runId, model,
                    g -> g.failed);
            add(registry, "placebench.analytics.run.spend.usd", "What the run's scored predictions cost", runId, model,
                    g -> g.spend);
            add(registry, "placebench.analytics.run.budget.usd", "The run's budget (NaN when it has none)", runId,
                    model, g -> g.budget);
            add(registry, "placebench.analytics.run.mean.score", "Mean GeoGuessr score over all scored images",
                    runId, model, g -> g.meanScore);
            add(registry, "placebench.analytics.run.acc25km", "Share of scored images within 25 km", runId, model,
                    g -> g.acc25km);
        }

        private void add(MeterRegistry registry, String name, String description, String runId, String model,
                java.util.function.ToDoubleFunction<RunGauges> value) {
            meters.add(Gauge.builder(name, this, value).description(description).tag("run", runId)
                    .tag("model", model).strongReference(true).register(registry));
        }

        void set(RunUpdate update) {
            AnalyticsQueries.Progress p = update.progress();
            RunStats stats = update.row().stats();
            progress = p.run().expected() == 0 ? 0 : (double) p.scored() / p.run().expected();
            failed = p.scored() - p.answered();
            spend = p.costUsd() == null ? 0 : p.costUsd().doubleValue();
            budget = p.run().budgetUsd() == null ? Double.NaN : p.run().budgetUsd().doubleValue();
            meanScore = stats.meanScore() == null ? Double.NaN : stats.meanScore();
            acc25km = stats.acc25km() == null ? Double.NaN : stats.acc25km();
        }
    }
}
