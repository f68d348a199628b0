package io.placebench.inference.repository;

import io.placebench.events.PredictionMade;
import io.placebench.events.TokenUsage;
import io.placebench.events.Topics;
import io.placebench.inference.domain.PreparedImage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.util.List;

/**
 * The idempotency and cost ledger, one row per (run, image, attempt), queued and leased through
 * {@link RequestQueue}. Every method runs in its own transaction that commits before it returns, so no database
 * connection or lock is held while a provider is called.
 */
@ApplicationScoped
public class Ledger {

    /** One provider call of a prediction, as billed. */
    public record Call(int number, String status, Integer httpStatus, String errorType, BigDecimal costUsd,
            TokenUsage usage, long latencyMs) {
    }

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    /**
     * Records the outcome and its calls, and appends the prediction to the outbox in the same transaction. When
     * another worker finished the same (run, image, attempt) first (after taking over a lease that ran out), its
     * outcome stands and nothing is appended. Answers whether this outcome was recorded.
     */
    public boolean complete(int attempt, PredictionMade event, String eventJson, PreparedImage sent, List<Call> calls) {
        return QuarkusTransaction.requiringNew().call(() -> {
            LedgerEntry entry = em.find(LedgerEntry.class, new LedgerEntry.Key(event.runId(), event.imageId(), attempt),
                    LockModeType.PESSIMISTIC_WRITE);
            if (entry == null) {
                throw new IllegalStateException("ledger row of " + event.runId() + "/" + event.imageId()
                        + " vanished while claimed");
            }
            if (entry.eventJson != null) {
                return false;
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
            entry.claimToken = null;
            entry.leaseUntil = null;
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
            outbox.append(Topics.PREDICTIONS, Topics.runImageKey(event.runId(), event.imageId()), event.eventId(),
                    eventJson);
            return true;
        });
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
