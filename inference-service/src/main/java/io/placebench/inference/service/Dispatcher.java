package io.placebench.inference.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.Failures;
import io.placebench.inference.client.ModelProvider;
import io.placebench.inference.client.ProviderRegistry;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.ModelEntry;
import io.placebench.inference.domain.RoundRobin;
import io.placebench.inference.repository.RequestQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Moves queued requests to the providers: one lane per (provider, model), each with its own thread and as many
 * call slots as the model allows, so a slow or rate-limited model never holds up another. A lane leases one
 * request at a time from the runs waiting on its model in turn ({@link RoundRobin}), waits itself for the model's
 * cool-down and request rate, and hands it to a worker thread; memory holds only the requests being called (and
 * the one waiting for its request token). Leases are renewed while their calls run; leases of
 * workers that died run out and their rows return to the queue ({@link RequestQueue#requeueExpired}).
 *
 * <p>On shutdown the lanes stop leasing, running calls get {@code placebench.dispatch.drain-timeout} to finish,
 * and whatever is still leased after that is put back in the queue for another replica.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    @Inject
    RequestQueue queue;

    @Inject
    InferenceService inference;

    @Inject
    RunStates runStates;

    @Inject
    ProviderRegistry providers;

    @Inject
    Catalog catalog;

    @Inject
    InferenceConfig config;

    @Inject
    InferenceMetrics metrics;

    @Inject
    RateLimits rateLimits;

    @Inject
    ObjectMapper json;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, RequestQueue.Leased> leased = new ConcurrentHashMap<>();
    private final Map<String, Long> depth = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "inference-call-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private ScheduledExecutorService housekeeping;
    private volatile boolean running;

    void start(@Observes StartupEvent event) {
        running = true;
        metrics.queueGauges(depth, leased::size);
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dispatch-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long refresh = config.dispatch().refresh().toMillis();
        housekeeping.scheduleWithFixedDelay(this::refresh, 0, refresh, TimeUnit.MILLISECONDS);
        long renew = Math.max(100, config.dispatch().lease().toMillis() / 3);
        housekeeping.scheduleWithFixedDelay(this::renew, renew, renew, TimeUnit.MILLISECONDS);
    }

    /** Called by the consumer after it queued requests: the lane starts at once instead of at the next refresh. */
    public void offer(String provider, String model, String runId) {
        if (running) {
            lane(provider, model).offer(runId);
        }
    }

    /** Requeues expired leases and learns which runs wait on which model (also those queued by other replicas). */
    void refresh() {
        try {
            int expired = queue.requeueExpired();
            if (expired > 0) {
                LOG.warnf("%d leases ran out (their worker died or lost the database): back in the queue", expired);
                metrics.leasesExpired(expired);
            }
            Map<String, Long> counts = new ConcurrentHashMap<>();
            for (RequestQueue.Waiting w : queue.waiting()) {
                counts.merge(w.provider() + "\u0000" + w.model(), w.queued(), Long::sum);
                if (running) {
                    lane(w.provider(), w.model()).offer(w.runId());
                }
            }
            lanes.keySet().forEach(k -> counts.putIfAbsent(k, 0L));
            counts.keySet().forEach(metrics::queueDepthSeen);
            depth.keySet().retainAll(counts.keySet());
            depth.putAll(counts);
        } catch (RuntimeException e) {
            LOG.warnf("Dispatch refresh failed (%s); trying again", e.getMessage());
        }
    }

    private void renew() {
        try {
            Set<String> tokens = Set.copyOf(leased.keySet());
            queue.renew(tokens, config.dispatch().lease());
        } catch (RuntimeException e) {
            LOG.warnf("Lease renewal failed (%s); leases run out after %s unless it succeeds again", e.getMessage(),
                    config.dispatch().lease());
        }
    }

    void stop(@Observes @Priority(10) ShutdownEvent event) {
        running = false;
        lanes.values().forEach(Lane::stop);
        lanes.values().forEach(Lane::join);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(config.dispatch().drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("%d calls still running after %s: interrupting them and putting their requests back",
                        leased.size(), config.dispatch().drainTimeout());
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (RequestQueue.Leased l : List.copyOf(leased.values())) {
            try {
                queue.release(l, Duration.ZERO, false);
            } catch (RuntimeException e) {
                LOG.warnf("Could not put %s/%s back (%s): its lease runs out and another replica takes it",
                        l.runId(), l.imageId(), e.getMessage());
            }
        }
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        LOG.infof("Dispatcher stopped; %d requests put back in the queue", leased.size());
    }

    private Lane lane(String provider, String model) {
        return lanes.computeIfAbsent(provider + "\u0000" + model, k -> {
            Optional<ModelProvider> p = providers.get(provider);
            // an unknown provider: its requests fail at once, one at a time, with no limits to wait for
            Lane lane = p.isEmpty() ? new Lane(provider, model, 1, null)
                    : new Lane(provider, model, capacity(p.get(), model), rateLimits.limiter(p.get(),
                    catalog.entry(p.get(), model)));
            lane.start();
            return lane;
        });
    }

    /** Calls a model may have running in this replica: its max-concurrency (catalogue, then provider). */
    private int capacity(ModelProvider provider, String model) {
        ModelEntry entry = catalog.entry(provider, model);
        if (entry.maxConcurrency() != null) {
            return Math.max(1, entry.maxConcurrency());
        }
        return providers.config(provider.name()).map(InferenceConfig.Provider::maxConcurrency).orElse(32);
    }

    /** One (provider, model): its runs in turn, its call slots and the thread that leases for it. */
    private final class Lane {
        private final String provider;
        private final String model;
        private final Semaphore slots;
        private final RoundRobin<String> runs = new RoundRobin<>();
        private final Object signal = new Object();
        private final RateLimits.ModelLimiter limiter;
        private final Thread thread;
        private volatile boolean stopped;

        Lane(String provider, String model, int capacity, RateLimits.ModelLimiter limiter) {
            this.provider = provider;
            this.model = model;
            this.slots = new Semaphore(capacity);
            this.limiter = limiter;
            this.thread = new Thread(this::loop, "dispatch-" + provider + "-" + model);
            this.thread.setDaemon(true);
        }

        void start() {
            LOG.infof("Dispatching %s/%s with up to %d calls at a time", provider, model, slots.availablePermits());
            thread.start();
        }

        void offer(String runId) {
            synchronized (signal) {
                runs.add(runId);
                signal.notifyAll();
            }
        }

        /** Stops leasing; not by interrupting, which could leave a lease just taken unrecorded. */
        void stop() {
            stopped = true;
            synchronized (signal) {
                signal.notifyAll();
            }
        }

        void join() {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void loop() {
            int failures = 0;
            while (!stopped) {
                try {
                    if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                RequestQueue.Leased next;
                try {
                    next = next();
                    failures = 0;
                } catch (RuntimeException e) {
                    slots.release();
                    failures++;
                    LOG.warnf("%s/%s: leasing failed (%s); trying again", provider, model, e.getMessage());
                    idle(Failures.backoff(failures, Math.random()));
                    continue;
                }
                if (next == null) {
                    slots.release();
                    idle(config.dispatch().refresh());
                    continue;
                }
                leased.put(next.token(), next);
                // The lane itself waits out the cool-down and the request rate, holding this one lease: a
                // rate-limited model never has a lease per call slot waiting for tokens. Imported results make no call.
                boolean started = limiter != null && callsTheProvider(next);
                if (started && !limiter.awaitStart(() -> stopped)) {
                    putBack(next); // stopping
                    continue;
                }
                try {
                    workers.execute(() -> call(next, started));
                } catch (RuntimeException e) { // the pool is shutting down
                    putBack(next);
                    return;
                }
            }
        }

        private void putBack(RequestQueue.Leased next) {
            leased.remove(next.token());
            slots.release();
            try {
                queue.release(next, Duration.ZERO, false);
            } catch (RuntimeException e) {
                LOG.warnf("Could not put %s/%s back (%s): its lease runs out and another replica takes it",
                        next.runId(), next.imageId(), e.getMessage());
            }
        }

        /** False for an imported result (no provider call) and for a request too broken to tell (dead-lettered). */
        private boolean callsTheProvider(RequestQueue.Leased next) {
            try {
                JsonNode imported = json.readTree(next.requestJson()).get("imported");
                return imported == null || imported.isNull();
            } catch (JsonProcessingException e) {
                return false;
            }
        }

        private void call(RequestQueue.Leased next, boolean started) {
            try {
                inference.dispatch(next, started);
            } finally {
                leased.remove(next.token());
                slots.release();
            }
        }

        /** The next request, taken from the runs waiting on this model in turn; null when none is due. */
        private RequestQueue.Leased next() {
            List<String> order;
            synchronized (signal) {
                order = runs.order();
            }
            List<String> empty = new ArrayList<>();
            try {
                for (String runId : order) {
                    if (runStates.halted(runId)) {
                        continue; // paused or cancelled: its requests wait in the queue
                    }
                    RequestQueue.Leased l = queue.lease(provider, model, runId, UUID.randomUUID().toString(),
                            config.dispatch().lease());
                    if (l != null) {
                        synchronized (signal) {
                            runs.served(runId);
                        }
                        return l;
                    }
                    empty.add(runId);
                }
                return null;
            } finally {
                synchronized (signal) {
                    empty.forEach(runs::remove); // the next refresh or offer brings them back if more arrive
                }
            }
        }

        private void idle(Duration wait) {
            synchronized (signal) {
                try {
                    signal.wait(Math.max(1, wait.toMillis()));
                } catch (InterruptedException e) {
                    stopped = true;
                }
            }
        }
    }
}
