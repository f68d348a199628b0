package io.placebench.ingest.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * The SQL of the transactional outbox ({@code outbox} table). {@link #append} must run inside the transaction
 * that makes the state change the events announce: they become visible to the relay exactly when that
 * transaction commits, and vanish with it when it rolls back.
 */
@ApplicationScoped
public class Outbox {

    /** Fired inside an appending transaction; observers {@code during = AFTER_SUCCESS} wake the relay. */
    public record Appended(int rows) {
    }

    /** An event to append: topic, record key, event id, and the event (written as JSON). */
    public record Pending(String topic, String key, String eventId, Object event) {
    }

    /** A committed row, as the relay reads it. */
    public record Row(long id, String topic, String key, String eventId, String payload) {
    }

    private static final ObjectMapper JSON = EventJson.newMapper();
    /** Rows per insert statement: one statement with arrays, so 10,000 requests cost a handful of round trips. */
    private static final int INSERT_CHUNK = 2000;

    @Inject
    EntityManager em;

    @Inject
    Event<Appended> appended;

    @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema", defaultValue = "ingest")
    String schema;

    /** Appends one event in the current transaction. */
    public void append(String topic, String key, String eventId, Object event) {
        append(List.of(new Pending(topic, key, eventId, event)));
    }

    /** Appends events in the current transaction, in list order (their ids, hence their publication order). */
    public void append(List<Pending> events) {
        if (events.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>(events.size());
        for (Pending p : events) {
            rows.add(new String[] {p.topic(), p.key(), p.eventId(), json(p.event())});
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into " + schema
                    + ".outbox (topic, record_key, event_id, payload) select * from unnest(?, ?, ?, ?)")) {
                for (int start = 0; start < rows.size(); start += INSERT_CHUNK) {
                    List<String[]> chunk = rows.subList(start, Math.min(rows.size(), start + INSERT_CHUNK));
                    for (int column = 0; column < 4; column++) {
                        String[] values = new String[chunk.size()];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = chunk.get(i)[column];
                        }
                        Array array = connection.createArrayOf("text", values);
                        insert.setArray(column + 1, array);
                    }
                    insert.executeUpdate();
                }
            }
        });
        appended.fire(new Appended(events.size()));
    }

    /**
     * The oldest committed rows not locked by another relay, locked until the current transaction ends
     * ({@code for update skip locked}: several replicas relay side by side without sending a row twice).
     */
    public List<Row> lockBatch(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select id, topic, record_key, event_id, payload from {h-schema}outbox
                order by id limit :limit for update skip locked""")
                .setParameter("limit", limit)
                .getResultList();
        List<Row> result = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            result.add(new Row(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                    (String) r[4]));
        }
        return result;
    }

    public void delete(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        em.createNativeQuery("delete from {h-schema}outbox where id in (:ids)").setParameter("ids", ids)
                .executeUpdate();
    }

    /** Rows not yet published (committed ones only, as any reader sees them). */
    public long pending() {
        return ((Number) em.createNativeQuery("select count(*) from {h-schema}outbox").getSingleResult()).longValue();
    }

    private static String json(Object event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be written as JSON: " + event, e);
        }
    }
}
