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
import java.time.Instant;

/**
 * The idempotency ledger. Every method runs in its own transaction that commits before it returns, so a claim
 * is visible to every other worker before the (slow, paid) provider call starts, and no database connection or
 * lock is held while the call runs.
 */
@ApplicationScoped
public class Ledger {

    /** The outcome of trying to claim a (run, image). */
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
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            int inserted = em.createNativeQuery("""
                    insert into {h-schema}ledger (run_id, image_id, status, dataset_id, provider, model, prompt_id,
                                        prompt_hash, request_event_id, claim_token, claimed_at, source_sha256,
                                        created_at)
                    values (:run, :image, 'IN_FLIGHT', :dataset, :provider, :model, :prompt, :hash, :request,
                            :token, :now, :sha, :now)
                    on conflict (run_id, image_id) do nothing""")
                    .setParameter("run", request.runId())
                    .setParameter("image", request.imageId())
                    .setParameter("dataset", nonNull(request.datasetId()))
                    .setParameter("provider", nonNull(request.provider()))
                    .setParameter("model", nonNull(request.model()))
                    .setParameter("prompt", nonNull(request.promptId()))
                    .setParameter("hash", promptHash)
                    .setParameter("request", request.eventId())
                    .setParameter("token", token)
                    .setParameter("now", now)
                    .setParameter("sha", request.sha256())
                    .executeUpdate();
            if (inserted == 1) {
                return new Claim.Claimed(token, false);
            }
            // The row exists (the insert waited for a concurrent claimer to commit): lock it and look.
            LedgerEntry entry = em.find(LedgerEntry.class, new LedgerEntry.Key(request.runId(), request.imageId()),
                    LockModeType.PESSIMISTIC_WRITE);
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
     * Records the outcome and the event to publish. Answers the event JSON that must be published: this one, or
     * the one stored by another worker that finished the same pair first (after taking over a stale claim).
     */
    public String complete(String token, PredictionMade event, String eventJson, PreparedImage sent) {
        return QuarkusTransaction.requiringNew().call(() -> {
            LedgerEntry entry = em.find(LedgerEntry.class, new LedgerEntry.Key(event.runId(), event.imageId()),
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
            entry.costUsd = event.costUsd();
            TokenUsage usage = event.usage() == null ? TokenUsage.NONE : event.usage();
            entry.inputTokens = usage.input();
            entry.outputTokens = usage.output();
            entry.cachedTokens = usage.cached();
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
            }
            entry.completedAt = event.occurredAt();
            if (!token.equals(entry.claimToken)) {
                entry.claimToken = token; // finished by a worker whose claim was taken over: first finisher wins
            }
            return eventJson;
        });
    }

    /** Gives up a claim (after an unexpected failure) so that a redelivery or DLQ re-drive can try again. */
    public void release(String runId, String imageId, String token) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "delete from {h-schema}ledger where run_id = :run and image_id = :image and status = 'IN_FLIGHT'"
                        + " and claim_token = :token")
                .setParameter("run", runId)
                .setParameter("image", imageId)
                .setParameter("token", token)
                .executeUpdate());
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
