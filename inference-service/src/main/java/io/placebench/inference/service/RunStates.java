package io.placebench.inference.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.InferenceRequested;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.repository.Outbox;
import io.placebench.inference.repository.RunStateEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What inference knows of a run, in table {@code run_state} with a short in-memory cache
 * ({@code placebench.runs.state-cache-ttl}): PAUSED (by inference after an error no retry cures, or by ingest),
 * BUDGET_EXHAUSTED, CANCELLED, or RUNNING again after a resume. A paused or cancelled run's requests stay queued
 * and get no calls in any instance; a run whose budget is exhausted gets BUDGET_EXHAUSTED predictions without
 * calls.
 *
 * <p>Which event wins: ingest stamps its run events with a generation it raises on every decision. An event of a
 * newer generation always applies; one of an older generation never does (a stale PAUSED cannot shadow a later
 * resume, whatever the order of delivery); within a generation the later event applies. Inference's own PAUSED or
 * BUDGET_EXHAUSTED keep the generation they halt and are made under a row lock, so exactly one worker of any
 * instance makes the move; its {@code RunChanged} goes to the outbox in the same transaction.
 */
@ApplicationScoped
public class RunStates {

    /** A run's state as cached. */
    public record State(String status, String reason, Instant changedAt, long expectedCount, long generation) {
        public boolean halted() {
            return "PAUSED".equals(status) || "CANCELLED".equals(status);
        }

        public boolean budgetExhausted() {
            return "BUDGET_EXHAUSTED".equals(status);
        }
    }

    private record Cached(State state, long at) {
    }

    @Inject
    EntityManager em;

    @Inject
    InferenceConfig config;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Optional<State> get(String runId) {
        long now = System.nanoTime();
        Cached c = cache.get(runId);
        if (c != null && now - c.at < config.runs().stateCacheTtl().toNanos()) {
            return Optional.ofNullable(c.state);
        }
        State state = QuarkusTransaction.requiringNew().call(() -> {
            RunStateEntry e = em.find(RunStateEntry.class, runId);
            return e == null ? null : of(e);
        });
        cache.put(runId, new Cached(state, now));
        return Optional.ofNullable(state);
    }

    public boolean halted(String runId) {
        return get(runId).map(State::halted).orElse(false);
    }

    /**
     * Moves the run to {@code target} (PAUSED or BUDGET_EXHAUSTED) unless it is already there or cancelled, and
     * appends the {@code RunChanged} to the outbox. Answers the state after the move when this call made it.
     */
    public Optional<State> transition(InferenceRequested request, boolean simulated, RunStatus target, String reason,
            Instant at) {
        Optional<State> changed = QuarkusTransaction.requiringNew().call(() -> {
            ensureRow(request.runId(), at);
            RunStateEntry e = em.find(RunStateEntry.class, request.runId(), LockModeType.PESSIMISTIC_WRITE);
            fill(e, request.datasetId(), request.provider(), request.model(), request.promptId(), simulated);
            if (target.name().equals(e.status) || "CANCELLED".equals(e.status)
                    || (target == RunStatus.BUDGET_EXHAUSTED && "PAUSED".equals(e.status))) {
                return Optional.<State>empty();
            }
            e.status = target.name();
            e.reason = reason;
            e.changedAt = at;
            e.updatedAt = Instant.now();
            long expected = e.expectedCount > 0 ? e.expectedCount : ledgerRows(request.runId());
            RunChanged event = new RunChanged(UUID.randomUUID().toString(), RunChanged.SCHEMA_VERSION, at,
                    request.runId(), request.datasetId(), request.provider(), request.model(), request.promptId(),
                    request.parameters(), simulated, target, expected, reason, e.generation);
            outbox.append(Topics.RUNS, event.runId(), event.eventId(), write(event));
            return Optional.of(of(e));
        });
        cache.remove(request.runId());
        return changed;
    }

    /** Applies a {@code runs} event (from ingest, or our own coming back); see the class comment for the rule. */
    public void apply(RunChanged event) {
        if (event == null || event.runId() == null || event.status() == null) {
            return;
        }
        Instant at = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        QuarkusTransaction.requiringNew().run(() -> {
            boolean created = ensureRow(event.runId(), Instant.EPOCH);
            RunStateEntry e = em.find(RunStateEntry.class, event.runId(), LockModeType.PESSIMISTIC_WRITE);
            fill(e, event.datasetId(), event.provider(), event.model(), event.promptId(), event.simulated());
            e.expectedCount = Math.max(e.expectedCount, event.expectedCount());
            long generation = event.generationOrZero();
            if (created || generation > e.generation || (generation == e.generation && at.isAfter(e.changedAt))) {
                e.status = switch (event.status()) {
                    case CREATED, RUNNING -> "RUNNING";
                    default -> event.status().name();
                };
                e.reason = event.reason();
                e.changedAt = at;
                e.generation = Math.max(e.generation, generation);
            }
            e.updatedAt = Instant.now();
        });
        cache.remove(event.runId());
    }

    private long ledgerRows(String runId) {
        return ((Number) em.createNativeQuery("select count(*) from {h-schema}ledger where run_id = :run")
                .setParameter("run", runId).getSingleResult()).longValue();
    }

    /** Inserts a RUNNING row if none exists; true when it did. */
    private boolean ensureRow(String runId, Instant at) {
        return em.createNativeQuery("""
                insert into {h-schema}run_state (run_id, status, changed_at, updated_at)
                values (:run, 'RUNNING', :at, :now) on conflict (run_id) do nothing""")
                .setParameter("run", runId).setParameter("at", at).setParameter("now", Instant.now())
                .executeUpdate() == 1;
    }

    private static void fill(RunStateEntry e, String dataset, String provider, String model, String prompt,
            boolean simulated) {
        if (e.datasetId == null) {
            e.datasetId = dataset;
            e.provider = provider;
            e.model = model;
            e.promptId = prompt;
        }
        e.simulated = e.simulated || simulated;
    }

    private static State of(RunStateEntry e) {
        return new State(e.status, e.reason, e.changedAt, e.expectedCount, e.generation);
    }

    private String write(RunChanged event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
