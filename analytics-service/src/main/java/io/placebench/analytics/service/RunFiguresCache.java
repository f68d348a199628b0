package io.placebench.analytics.service;

import io.placebench.analytics.config.AnalyticsConfig;
import io.placebench.analytics.domain.RunFigures;
import io.placebench.analytics.domain.RunStats;
import io.placebench.analytics.domain.ScoredImage;
import io.placebench.analytics.repository.AnalyticsQueries;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's figures, computed from its score rows off the consumer path and kept per scores version (which grows
 * with every score stored). A REST read always gets the figures of the version it saw; the live stream, while scores
 * keep arriving, gets a run recomputed at most once per {@code placebench.analytics.figures-debounce} and the
 * previous figures meanwhile.
 */
@ApplicationScoped
public class RunFiguresCache {

    /** The figures of a run at {@code version} (0: no score yet). */
    public record Figures(long version, RunStats stats, RunFigures figures, long computedAtNanos) {
        static final Figures NONE = new Figures(0, RunStats.EMPTY, RunFigures.EMPTY, 0);
    }

    @Inject
    AnalyticsQueries queries;

    @Inject
    AnalyticsConfig config;

    private final Map<String, Figures> cache = new ConcurrentHashMap<>();

    /** The run's figures for {@code version} (or a later one): what a reader who asked for them gets. */
    public Figures get(String runId, long version) {
        return get(runId, version, false);
    }

    /**
     * For the live stream: the run's figures for {@code version}, or the cached ones of an older version while they
     * are younger than the debounce (the caller asks again later).
     */
    public Figures getDebounced(String runId, long version) {
        return get(runId, version, true);
    }

    private Figures get(String runId, long version, boolean debounced) {
        if (version == 0) {
            return Figures.NONE;
        }
        Figures cached = cache.get(runId);
        if (cached != null && (cached.version() >= version || debounced
                && System.nanoTime() - cached.computedAtNanos() < config.figuresDebounce().toNanos())) {
            return cached;
        }
        return cache.compute(runId, (id, current) -> current != null && current.version() >= version ? current
                : compute(id, version));
    }

    /** Drops what is kept of runs that no longer exist. */
    public void retainOnly(java.util.Set<String> runIds) {
        cache.keySet().retainAll(runIds);
    }

    private Figures compute(String runId, long version) {
        List<ScoredImage> images = QuarkusTransaction.joiningExisting().call(() -> queries.scoredImagesOfRun(runId));
        return new Figures(version, RunStats.of(images.stream().map(ScoredImage::row).toList()),
                RunFigures.of(images), System.nanoTime());
    }
}
