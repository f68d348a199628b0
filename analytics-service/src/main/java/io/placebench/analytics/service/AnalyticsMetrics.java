package io.placebench.analytics.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.analytics.config.AnalyticsConfig;
import io.placebench.analytics.repository.AnalyticsSchema;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The service's meters; tag sets are small and fixed (never a run or image id):
 * <ul>
 * <li>{@code placebench.analytics.scores} counter, tags status and simulated: scores stored (first delivery);</li>
 * <li>{@code placebench.analytics.scores.duplicates} counter: scores ignored because their (run, image) was
 * stored already (redeliveries, re-publications);</li>
 * <li>{@code placebench.analytics.runs.events} counter, tag outcome = applied | stale: runs events applied, or
 * ignored because an event at least as new was applied before;</li>
 * <li>{@code placebench.analytics.runs.active} gauge: runs whose status is RUNNING;</li>
 * <li>{@code placebench.analytics.scores.stored} gauge: rows in the score table.</li>
 * </ul>
 * The gauges read values that a background thread re-counts in the database every
 * {@code placebench.analytics.gauge-refresh}, so a scrape never waits on the database.
 */
@ApplicationScoped
public class AnalyticsMetrics {

    private static final Logger LOG = Logger.getLogger(AnalyticsMetrics.class);

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AnalyticsConfig config;

    private final AtomicLong activeRuns = new AtomicLong();
    private final AtomicLong storedScores = new AtomicLong();
    private Counter duplicates;
    private Counter runEventsApplied;
    private Counter runEventsStale;
    private ScheduledExecutorService refresher;

    void start(@Observes StartupEvent event) {
        duplicates = registry.counter("placebench.analytics.scores.duplicates");
        runEventsApplied = registry.counter("placebench.analytics.runs.events", "outcome", "applied");
        runEventsStale = registry.counter("placebench.analytics.runs.events", "outcome", "stale");
        Gauge.builder("placebench.analytics.runs.active", activeRuns, AtomicLong::doubleValue)
                .description("Runs whose status is RUNNING").register(registry);
        Gauge.builder("placebench.analytics.scores.stored", storedScores, AtomicLong::doubleValue)
                .description("Score rows stored (one per run and image)").register(registry);
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "analytics-gauges");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, config.gaugeRefresh().toMillis());
        refresher.scheduleWithFixedDelay(this::refresh, 0, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    void refresh() {
        String sql = "select (select count(*) from " + AnalyticsSchema.NAME + ".run where status = 'RUNNING'),"
                + " (select count(*) from " + AnalyticsSchema.NAME + ".score)";
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            if (result.next()) {
                activeRuns.set(result.getLong(1));
                storedScores.set(result.getLong(2));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("Could not refresh the analytics gauges: %s", e.getMessage());
        }
    }

    public void scoreStored(String status, boolean simulated) {
        registry.counter("placebench.analytics.scores", "status", status, "simulated", Boolean.toString(simulated))
                .increment();
    }

    public void scoreDuplicate() {
        duplicates.increment();
    }

    public void runEvent(boolean applied) {
        (applied ? runEventsApplied : runEventsStale).increment();
    }
}
