package io.placebench.inference.repository;

import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.TokenUsage;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.PreparedImage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The idempotency and cost ledger, one row per (run, image, attempt). Every method runs in its own transaction
 * that commits before it returns, so a claim is visible to every other worker before the (slow, paid) provider
 * call starts, and no database connection or lock is held while the call runs.
 */
@ApplicationScoped
public class Ledger {

    /** The outcome of trying to claim a (run, image, attempt). */
    public sealed interface Claim {
        /** This worker owns the pair and must call the provider, then {@link #complete} or {@link #release}. */
        record Claimed(String token, boolean takenOver) implements Claim {
        }

        /** The pair was done before: re-publish this stored event. */
        record Done(String eventJson) implements Claim {
        }

        /** Another worker holds a live claim and will publish; nothing to do. */
        record Busy(String claimedAt) implements Claim {
        }
    }

    /** One provider call of a prediction, as billed. */
    public record Call(int number, String status, Integer httpStatus, String errorType, BigDecimal costUsd,
            TokenUsage usage, long latencyMs) {
    }

    @Inject
    EntityManager em;

    @Inject
    InferenceConfig config;

    public Claim claim(InferenceRequested request, String promptHash) {
        for (int i = 0; i < 3; i++) {
            Claim claim = tryClaim(request, promptHash);
            if (claim != null) {
                return claim;
            }
        }
        throw new IllegalStateException("could not claim " + request.runId() + "/" + request.imageId()
                + ": its ledger row keeps appearing and vanishing");
    }

    private Claim tryClaim(InferenceRequested request, String promptHash) {
        String token = java.util.UUID.randomUUID().toString();
        int attempt = request.attemptOrFirst();
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            int inserted = em.createNativeQuery("""
                    insert into {h-schema}ledger (run_id, image_id, attempt, status, dataset_id, provider, model,
                                        prompt_id, prompt_hash, request_event_id, claim_token, claimed_at,
                                        source_sha256, imported, created_at)
                    values (:run, :image, :attempt, 'IN_FLIGHT', :dataset, :provider, :model, :prompt, :hash, :request,
                            :token, :now, :sha, :imported, :now)
                    on conflict (run_id, image_id, attempt) do nothing""")
                    .setParameter("run", request.runId())
                    .setParameter("image", request.imageId())
                    .setParameter("attempt", attempt)
                    .setParameter("dataset", nonNull(request.datasetId()))
                    .setParameter("provider", nonNull(request.provider()))
                    .setParameter("model", nonNull(request.model()))
                    .setParameter("prompt", nonNull(request.promptId()))
                    .setParameter("hash", promptHash)
                    .setParameter("request", request.eventId())
                    .setParameter("token", token)
                    .setParameter("now", now)
                    .setParameter("sha", request.sha256())
                    .setParameter("imported", request.imported() != null)
                    .executeUpdate();
            if (inserted == 1) {
                return new Claim.Claimed(token, false);
            }
            // The row exists (the insert waited for a concurrent claimer to commit): lock it and look.
            LedgerEntry entry = em.find(LedgerEntry.class,
                    new LedgerEntry.Key(request.runId(), request.imageId(), attempt), LockModeType.PESSIMISTIC_WRITE);
            if (entry == null) {
                return null; // released between our insert and our look: try again
            }
            if (!entry.inFlight()) {
                return new Claim.Done(entry.eventJson);
            }
            if (entry.claimedAt.plus(config.ledger().claimTimeout()).isBefore(now)) {
                entry.claimToken = token;
                entry.claimedAt = now;
                entry.takeovers++;
                return new Claim.Claimed(token, true);
            }
            return new Claim.Busy(entry.claimedAt.toString());
        });
    }

    /**
     * Records the outcome, its calls and the event to publish. Answers the event JSON that must be published:
     * this one, or the one stored by another worker that finished the same pair first (after taking over a stale
     * claim).
     */
    public String complete(String token, int attempt, PredictionMade event, String eventJson, PreparedImage sent,
            List<Call> calls) {
        return QuarkusTransaction.requiringNew().call(() -> {
            LedgerEntry entry = em.find(LedgerEntry.class, new LedgerEntry.Key(event.runId(), event.imageId(), attempt),
                    LockModeType.PESSIMISTIC_WRITE);
            if (entry == null) {
                throw new IllegalStateException("ledger row of " + event.runId() + "/" + event.imageId()
                        + " vanished while claimed");
            }
            if (!entry.inFlight()) {
                return entry.eventJson;
            }
            entry.status = event.status().name();
            entry.eventId = event.eventId();
            entry.eventJson = eventJson;
            entry.httpStatus = event.httpStatus();
            entry.errorType = event.errorType();
            entry.costUsd = event.costUsd();
            TokenUsage usage = event.usage() == null ? TokenUsage.NONE : event.usage();
            entry.inputTokens = usage.input();
            entry.outputTokens = usage.output();
            entry.cachedTokens = usage.cached();
            entry.cacheWriteTokens = usage.cacheWrite();
            entry.reasoningTokens = usage.reasoning();
            entry.imageTokens = usage.image();
            entry.attempts = event.attempts();
            entry.latencyMs = event.latencyMs();
            entry.promptHash = event.promptHash();
            if (sent != null) {
                entry.sentWidth = sent.width();
                entry.sentHeight = sent.height();
                entry.sentBytes = sent.bytes();
                entry.sentSha256 = sent.sha256();
                entry.sentMediaType = sent.mediaType();
            }
            entry.completedAt = event.occurredAt();
            if (!token.equals(entry.claimToken)) {
                entry.claimToken = token; // finished by a worker whose claim was taken over: first finisher wins
            }
            em.createNativeQuery("delete from {h-schema}ledger_call where run_id = :run and image_id = :image"
                    + " and attempt = :attempt")
                    .setParameter("run", event.runId()).setParameter("image", event.imageId())
                    .setParameter("attempt", attempt).executeUpdate();
            for (Call c : calls) {
                TokenUsage u = c.usage() == null ? TokenUsage.NONE : c.usage();
                em.createNativeQuery("""
                        insert into {h-schema}ledger_call (run_id, image_id, attempt, call_no, status, http_status,
                                    error_type, cost_usd, input_tokens, output_tokens, cached_tokens, cache_write_tokens,
                                    reasoning_tokens, latency_ms)
                        values (:run, :image, :attempt, :n, :status, :http, :type, :cost, :input, :output, :cached,
                                :write, :reasoning, :latency)""")
                        .setParameter("run", event.runId()).setParameter("image", event.imageId())
                        .setParameter("attempt", attempt).setParameter("n", c.number()).setParameter("status", c.status())
                        .setParameter("http", c.httpStatus()).setParameter("type", c.errorType())
                        .setParameter("cost", c.costUsd()).setParameter("input", u.input())
                        .setParameter("output", u.output()).setParameter("cached", u.cached())
                        .setParameter("write", u.cacheWrite()).setParameter("reasoning", u.reasoning())
                        .setParameter("latency", c.latencyMs())
                        .executeUpdate();
            }
            return eventJson;
        });
    }

    /** Gives up a claim (after an unexpected failure, or a halted run) so that a redelivery can try again. */
    public void release(String runId, String imageId, int attempt, String token) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "delete from {h-schema}ledger where run_id = :run and image_id = :image and attempt = :attempt"
                        + " and status = 'IN_FLIGHT' and claim_token = :token")
                .setParameter("run", runId)
                .setParameter("image", imageId)
                .setParameter("attempt", attempt)
                .setParameter("token", token)
                .executeUpdate());
    }

    /** What the run has cost so far: the sum over its completed (run, image, attempt) rows. */
    public BigDecimal spent(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object sum = em.createNativeQuery("select coalesce(sum(cost_usd), 0) from {h-schema}ledger where run_id = :run")
                    .setParameter("run", runId).getSingleResult();
            return sum instanceof BigDecimal b ? b : new BigDecimal(String.valueOf(sum));
        });
    }

    /** Rows of a run (every image and attempt seen so far). */
    public long rows(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from {h-schema}ledger where run_id = :run").setParameter("run", runId)
                .getSingleResult()).longValue());
    }

    public List<Call> calls(String runId, String imageId, int attempt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    select call_no, status, http_status, error_type, cost_usd, input_tokens, output_tokens, cached_tokens,
                           reasoning_tokens, cache_write_tokens, latency_ms
                    from {h-schema}ledger_call where run_id = :run and image_id = :image and attempt = :attempt
                    order by call_no""")
                    .setParameter("run", runId).setParameter("image", imageId).setParameter("attempt", attempt)
                    .getResultList();
            return rows.stream().map(r -> new Call(((Number) r[0]).intValue(), (String) r[1],
                    r[2] == null ? null : ((Number) r[2]).intValue(), (String) r[3], (BigDecimal) r[4],
                    new TokenUsage(((Number) r[5]).longValue(), ((Number) r[6]).longValue(), ((Number) r[7]).longValue(),
                            ((Number) r[8]).longValue(), 0, ((Number) r[9]).longValue()),
                    ((Number) r[10]).longValue())).toList();
        });
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
