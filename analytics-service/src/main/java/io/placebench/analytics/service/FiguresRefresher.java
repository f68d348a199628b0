package io.placebench.analytics.service;

import io.placebench.analytics.config.AnalyticsConfig;
import io.placebench.analytics.repository.FiguresStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Recomputes runs' figures off the consumer and request paths, on one background thread: a run whose scores
 * changed is recomputed at most once per {@code placebench.analytics.figures-debounce}, and then the live stream is
 * told. At start, every run whose stored figures are older than its scores is queued, newest first.
 */
@ApplicationScoped
public class FiguresRefresher {

    private static final Logger LOG = Logger.getLogger(FiguresRefresher.class);

    @Inject
    RunFiguresCache cache;

    @Inject
    FiguresStore store;

    @Inject
    LiveUpdates live;

    @Inject
    AnalyticsConfig config;

    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastComputedNanos = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;
    private volatile boolean computing;

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "analytics-figures");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::queueStaleRuns);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** The run's scores changed: recompute its figures once the debounce since the last computation has passed. */
    public void changed(String runId) {
        if (executor == null || executor.isShutdown() || !queued.add(runId)) {
            return;
        }
        Long last = lastComputedNanos.get(runId);
        long delay = last == null ? 0 : Math.max(0, config.figuresDebounce().toNanos() - (System.nanoTime() - last));
        executor.schedule(() -> refresh(runId), delay, TimeUnit.NANOSECONDS);
    }

    /** Queues every run whose stored figures are missing or older than its scores; returns how many. */
    public int queueStaleRuns() {
        try {
            List<String> stale = QuarkusTransaction.requiringNew().call(store::staleRuns);
            stale.forEach(this::changed);
            if (!stale.isEmpty()) {
                LOG.infof("Computing the figures of %d runs whose scores changed since they were last computed",
                        stale.size());
            }
            return stale.size();
        } catch (RuntimeException e) {
            LOG.warnf("Stale figures not queued at start (%s); each run is computed on its next change or read",
                    e.getMessage());
            return 0;
        }
    }

    /** True when no run waits for its figures and none is being computed. */
    public boolean idle() {
        return queued.isEmpty() && !computing;
    }

    private void refresh(String runId) {
        computing = true;
        queued.remove(runId); // a change from now on queues the run again
        lastComputedNanos.put(runId, System.nanoTime());
        try {
            cache.refresh(runId);
            live.changed(runId);
        } catch (RuntimeException e) {
            LOG.debugf("Figures of run %s not computed (%s); trying again", runId, e.getMessage());
            changed(runId);
        } finally {
            computing = false;
        }
    }
}
