package io.placebench.inference.repository;

import io.placebench.events.InferenceRequested;
import io.placebench.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The durable request queue: ledger rows in state QUEUED hold the request until a dispatcher leases them. A lease
 * is a row in state IN_FLIGHT whose {@code lease_until} (database time, so replicas' clocks do not matter) its
 * holder renews while it works; a row whose lease ran out goes back to QUEUED and is taken over. Every method
 * commits before it returns: no lock or connection is held while a provider is called.
 */
@ApplicationScoped
public class RequestQueue {

    /** A request to queue, with its serialized form and the hash of its prompt (null if unknown). */
    public record Incoming(InferenceRequested request, String requestJson, String promptHash) {
    }

    /** A (provider, model, run) with queued requests and how many. */
    public record Waiting(String provider, String model, String runId, long queued) {
    }

    /** A leased row: the worker holding {@code token} must complete or release it. */
    public record Leased(String runId, String imageId, int attempt, String token, String requestJson, int takeovers,
            int dispatchFailures) {
    }

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    /**
     * Queues what is new. A request whose (run, image, attempt) is queued or in flight joins it; one that was
     * answered gets its stored prediction appended to the outbox again (same event id), so a lost or
     * dead-lettered prediction can be recovered by re-sending the request. Answers the number newly queued.
     */
    public int enqueue(List<Incoming> items) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int queued = 0;
            List<String> runs = new ArrayList<>();
            for (Incoming item : items) {
                InferenceRequested r = item.request();
                if (!runs.contains(r.runId())) {
                    runs.add(r.runId());
                    em.createNativeQuery("""
                            insert into {h-schema}run_state (run_id, status, changed_at, updated_at, dataset_id, provider,
                                                             model, prompt_id)
                            values (:run, 'RUNNING', 'epoch', now(), :dataset, :provider, :model, :prompt)
                            on conflict (run_id) do nothing""")
                            .setParameter("run", r.runId()).setParameter("dataset", r.datasetId())
                            .setParameter("provider", r.provider()).setParameter("model", r.model())
                            .setParameter("prompt", r.promptId()).executeUpdate();
                }
                int inserted = em.createNativeQuery("""
                        insert into {h-schema}ledger (run_id, image_id, attempt, status, dataset_id, provider, model,
                                            prompt_id, prompt_hash, request_event_id, request_json, queued_at,
                                            source_sha256, imported, created_at)
                        values (:run, :image, :attempt, 'QUEUED', :dataset, :provider, :model, :prompt, :hash, :request,
                                :json, clock_timestamp(), :sha, :imported, now())
                        on conflict (run_id, image_id, attempt) do nothing""")
                        .setParameter("run", r.runId())
                        .setParameter("image", r.imageId())
                        .setParameter("attempt", r.attemptOrFirst())
                        .setParameter("dataset", nonNull(r.datasetId()))
                        .setParameter("provider", nonNull(r.provider()))
                        .setParameter("model", nonNull(r.model()))
                        .setParameter("prompt", nonNull(r.promptId()))
                        .setParameter("hash", item.promptHash())
                        .setParameter("request", r.eventId())
                        .setParameter("json", item.requestJson())
                        .setParameter("sha", r.sha256())
                        .setParameter("imported", r.imported() != null)
                        .executeUpdate();
                if (inserted == 1) {
                    queued++;
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<Object[]> done = em.createNativeQuery("""
                        select event_id, event_json from {h-schema}ledger
                        where run_id = :run and image_id = :image and attempt = :attempt and event_json is not null""")
                        .setParameter("run", r.runId()).setParameter("image", r.imageId())
                        .setParameter("attempt", r.attemptOrFirst()).getResultList();
                for (Object[] d : done) {
                    outbox.append(Topics.PREDICTIONS, Topics.runImageKey(r.runId(), r.imageId()), (String) d[0],
                            (String) d[1]);
                }
            }
            return queued;
        });
    }

    /** The (provider, model, run) triples with queued requests, and how many each. */
    public List<Waiting> waiting() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    select l.provider, l.model, l.run_id, count(*) from {h-schema}ledger l
                    where l.status = 'QUEUED' and not exists (select 1 from {h-schema}run_state r
                        where r.run_id = l.run_id and r.status in ('PAUSED', 'CANCELLED'))
                    group by l.provider, l.model, l.run_id""").getResultList();
            List<Waiting> out = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                out.add(new Waiting((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).longValue()));
            }
            return out;
        });
    }

    /**
     * Leases the oldest queued request of {@code runId} on (provider, model) that is due, or answers null when
     * there is none. Rows other workers are leasing at this moment are skipped, not waited for.
     */
    public Leased lease(String provider, String model, String runId, String token, Duration lease) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    update {h-schema}ledger l
                    set status = 'IN_FLIGHT', claim_token = :token, claimed_at = now(),
                        lease_until = now() + :ms * interval '1 millisecond'
                    from (select run_id, image_id, attempt from {h-schema}ledger
                          where status = 'QUEUED' and provider = :provider and model = :model and run_id = :run
                            and (not_before is null or not_before <= now())
                          order by queued_at
                          limit 1
                          for update skip locked) next
                    where l.run_id = next.run_id and l.image_id = next.image_id and l.attempt = next.attempt
                    returning l.run_id, l.image_id, l.attempt, l.request_json, l.takeovers, l.dispatch_failures""")
                    .setParameter("token", token)
                    .setParameter("ms", lease.toMillis())
                    .setParameter("provider", provider)
                    .setParameter("model", model)
                    .setParameter("run", runId)
                    .getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            Object[] r = rows.get(0);
            return new Leased((String) r[0], (String) r[1], ((Number) r[2]).intValue(), token, (String) r[3],
                    ((Number) r[4]).intValue(), ((Number) r[5]).intValue());
        });
    }

    /** Extends the leases this worker still holds; answers how many it still held. */
    public int renew(Collection<String> tokens, Duration lease) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                update {h-schema}ledger set lease_until = now() + :ms * interval '1 millisecond'
                where status = 'IN_FLIGHT' and claim_token in (:tokens)""")
                .setParameter("ms", lease.toMillis())
                .setParameter("tokens", tokens)
                .executeUpdate());
    }

    /**
     * Puts a leased row back in the queue (the run was paused, the worker is stopping, or the dispatch failed),
     * due again after {@code delay}. Does nothing when the lease was taken over meanwhile.
     */
    public void release(Leased leased, Duration delay, boolean failed) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update {h-schema}ledger
                set status = 'QUEUED', claim_token = null, lease_until = null,
                    not_before = case when :ms > 0 then now() + :ms * interval '1 millisecond' else null end,
                    dispatch_failures = dispatch_failures + case when :failed then 1 else 0 end
                where run_id = :run and image_id = :image and attempt = :attempt
                  and status = 'IN_FLIGHT' and claim_token = :token""")
                .setParameter("ms", delay.toMillis())
                .setParameter("failed", failed)
                .setParameter("run", leased.runId())
                .setParameter("image", leased.imageId())
                .setParameter("attempt", leased.attempt())
                .setParameter("token", leased.token())
                .executeUpdate());
    }

    /**
     * Gives up a request that can never be processed: its row is deleted and the request goes to the dead-letter
     * topic with the reason, from where {@code placebench dlq replay} can queue it again.
     */
    public void deadLetter(Leased leased, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            int changed = em.createNativeQuery("""
                    delete from {h-schema}ledger where run_id = :run and image_id = :image and attempt = :attempt
                      and status = 'IN_FLIGHT' and claim_token = :token""")
                    .setParameter("run", leased.runId())
                    .setParameter("image", leased.imageId())
                    .setParameter("attempt", leased.attempt())
                    .setParameter("token", leased.token())
                    .executeUpdate();
            if (changed == 1) {
                outbox.deadLetter(Topics.INFERENCE_REQUESTS, Topics.runImageKey(leased.runId(), leased.imageId()),
                        leased.token(), leased.requestJson(), reason);
            }
        });
    }

    /** Dead-letters a record that could not be queued, with its reason. */
    public void reject(String topic, String key, String payload, String reason) {
        QuarkusTransaction.requiringNew().run(() -> outbox.deadLetter(topic, key, java.util.UUID.randomUUID().toString(),
                payload, reason));
    }

    /** Puts rows whose lease ran out (their worker died or lost the database) back in the queue; answers how many. */
    public int requeueExpired() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                update {h-schema}ledger set status = 'QUEUED', claim_token = null, lease_until = null,
                       takeovers = takeovers + 1
                where status = 'IN_FLIGHT' and lease_until < now()""").executeUpdate());
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
