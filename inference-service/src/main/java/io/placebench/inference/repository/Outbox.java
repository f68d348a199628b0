package io.placebench.inference.repository;

import io.placebench.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactional outbox. {@link #append} joins the caller's transaction, so an event exists exactly when the
 * change it announces committed; {@link #claim} and {@link #delete} serve the relay, inside its transaction.
 */
@ApplicationScoped
public class Outbox {

    /** Dead letters of this service go to {@code inference-service.<topic>.dlq}. */
    public static final String DLQ_PREFIX = "inference-service.";

    /** A committed event waiting to be published; {@code reason} is set for a dead letter. */
    public record Pending(long id, String topic, String key, String eventId, String payload, String reason) {
    }

    @Inject
    EntityManager em;

    /** Appends an event to publish once the surrounding transaction commits. */
    public void append(String topic, String key, String eventId, String payload) {
        insert(topic, key, eventId, payload, null);
    }

    /** Appends a record for the dead-letter topic of {@code topic}, with the reason it could not be processed. */
    public void deadLetter(String topic, String key, String eventId, String payload, String reason) {
        insert(Topics.deadLetter(DLQ_PREFIX + topic), key, eventId, payload, reason);
    }

    private void insert(String topic, String key, String eventId, String payload, String reason) {
        em.createNativeQuery("""
                insert into {h-schema}outbox (topic, record_key, event_id, payload, reason)
                values (:topic, :key, :event, :payload, :reason)""")
                .setParameter("topic", topic).setParameter("key", key).setParameter("event", eventId)
                .setParameter("payload", payload).setParameter("reason", reason).executeUpdate();
    }

    /** Locks up to {@code limit} of the oldest unpublished rows (skipping rows another relay holds). */
    public List<Pending> claim(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select id, topic, record_key, event_id, payload, reason from {h-schema}outbox
                order by id limit :limit for update skip locked""")
                .setParameter("limit", limit).getResultList();
        List<Pending> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Pending(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                    (String) r[4], (String) r[5]));
        }
        return out;
    }

    public void delete(List<Long> ids) {
        if (!ids.isEmpty()) {
            em.createNativeQuery("delete from {h-schema}outbox where id in (:ids)").setParameter("ids", ids)
                    .executeUpdate();
        }
    }

    /** Rows not yet published (a gauge: it grows while the broker is down). */
    public long size() {
        return ((Number) em.createNativeQuery("select count(*) from {h-schema}outbox").getSingleResult()).longValue();
    }
}
