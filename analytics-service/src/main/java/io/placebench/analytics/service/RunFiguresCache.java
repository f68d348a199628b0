package io.placebench.analytics.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.analytics.domain.RunFigures;
import io.placebench.analytics.domain.RunStats;
import io.placebench.analytics.domain.ScoredImage;
import io.placebench.analytics.repository.AnalyticsQueries;
import io.placebench.analytics.repository.FiguresStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A run's figures (its {@link RunStats} and {@link RunFigures}), computed from its score rows and kept per scores
 * version (which grows with every score stored): in memory, and in the database so that a restarted service reads
 * them back rather than recomputing every run. {@link FiguresRefresher} recomputes changed runs in the background,
 * so a reader usually finds them current; a reader who asks for a version not computed yet computes it (or waits
 * for the computation under way).
 */
@ApplicationScoped
public class RunFiguresCache {

    private static final Logger LOG = Logger.getLogger(RunFiguresCache.class);

    /** The figures of a run at {@code version} (0: no score yet). */
    public record Figures(long version, RunStats stats, RunFigures figures) {
        static final Figures NONE = new Figures(0, RunStats.EMPTY, RunFigures.EMPTY);
    }

    /**
     * What is stored as JSON: the figures without their version (a column of its own). {@link #FORMAT} changes with
     * the shape of RunStats or RunFigures, so that figures stored by an older release are recomputed, not misread.
     */
    private record Stored(int format, RunStats stats, RunFigures figures) {
        static final int FORMAT = 1;
    }

    @Inject
    AnalyticsQueries queries;

    @Inject
    FiguresStore store;

    @Inject
    ObjectMapper json;

    private final Map<String, Figures> memory = new ConcurrentHashMap<>();
    /** One computation per run at a time: a second reader waits for the first one's result. */
    private final Map<String, Object> computing = new ConcurrentHashMap<>();

    /** The run's figures for {@code version} or a later one. */
    public Figures get(String runId, long version) {
        return getAll(Map.of(runId, version)).get(runId);
    }

    /** The figures of each run for at least its given version, reading the stored ones in one query. */
    public Map<String, Figures> getAll(Map<String, Long> versions) {
        Map<String, Figures> result = new HashMap<>();
        versions.forEach((runId, version) -> {
            Figures kept = memory.get(runId);
            if (version == 0) {
                result.put(runId, Figures.NONE);
            } else if (kept != null && kept.version() >= version) {
                result.put(runId, kept);
            }
        });
        List<String> missing = versions.keySet().stream().filter(runId -> !result.containsKey(runId)).toList();
        if (!missing.isEmpty()) {
            QuarkusTransaction.joiningExisting().run(() -> {
                load(missing);
                for (String runId : missing) {
                    result.put(runId, current(runId, versions.get(runId)));
                }
            });
        }
        return result;
    }

    /**
     * The newest figures there are of the run (in memory or stored), however old; {@link Figures#NONE} when none
     * were ever computed. Never computes.
     */
    public Figures latest(String runId) {
        Figures kept = memory.get(runId);
        if (kept == null) {
            QuarkusTransaction.joiningExisting().run(() -> load(List.of(runId)));
            kept = memory.get(runId);
        }
        return kept == null ? Figures.NONE : kept;
    }

    /** Computes the run's figures if its scores changed since they were computed. */
    public void refresh(String runId) {
        QuarkusTransaction.requiringNew().run(() -> {
            long version = queries.scoresVersion(runId);
            if (version > 0) {
                get(runId, version);
            }
        });
    }

    /** Drops the in-memory copies; they are read back from the database (what a restarted service does). */
    public void evictAll() {
        memory.clear();
    }

    private Figures current(String runId, long version) {
        synchronized (computing.computeIfAbsent(runId, id -> new Object())) {
            Figures kept = memory.get(runId);
            if (kept != null && kept.version() >= version) {
                return kept;
            }
            // The rows may be newer than version by now: what is computed is labelled with the version read first.
            long now = Math.max(version, queries.scoresVersion(runId));
            List<ScoredImage> images = queries.scoredImagesOfRun(runId);
            Figures figures = new Figures(now, RunStats.of(images.stream().map(ScoredImage::row).toList()),
                    RunFigures.of(images));
            store.save(runId, now, write(new Stored(Stored.FORMAT, figures.stats(), figures.figures())));
            keep(runId, figures);
            return figures;
        }
    }

    private void load(List<String> runIds) {
        store.load(runIds).forEach((runId, stored) -> read(stored.json())
                .ifPresent(read -> keep(runId, new Figures(stored.version(), read.stats(), read.figures()))));
    }

    private void keep(String runId, Figures figures) {
        memory.merge(runId, figures, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    }

    private String write(Stored stored) {
        try {
            return json.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("figures not writable as JSON", e);
        }
    }

    /** Empty for figures of another format or unreadable ones: they are computed again. */
    private Optional<Stored> read(String stored) {
        try {
            Stored read = json.readValue(stored, Stored.class);
            return read.format() == Stored.FORMAT ? Optional.of(read) : Optional.empty();
        } catch (JsonProcessingException e) {
            LOG.debugf("Stored figures not readable (%s); computing them again", e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
