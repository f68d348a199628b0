package io.placebench.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** The projection of one run's lifecycle (table {@code analytics.run}). */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public String runId;

    @Column(name = "dataset_id")
    public String datasetId;
    public String provider;
    public String model;
    @Column(name = "prompt_id")
    public String promptId;
    public boolean simulated;
    public String status;
    @Column(name = "expected_count")
    public long expectedCount;
    /** The run's spending limit in USD, null when it has none. */
    @Column(name = "budget_usd")
    public java.math.BigDecimal budgetUsd;
    public String reason;
    /** occurredAt of the runs event applied last; null while the row is a placeholder made from a score. */
    @Column(name = "event_at")
    public Instant eventAt;
    /** generation of the runs event applied last (0 for a placeholder or an event without one). */
    public long generation;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Loads the run and locks its row until the transaction ends. */
    public static Optional<Run> lockForUpdate(String runId) {
        return Optional.ofNullable(getEntityManager().find(Run.class, runId, LockModeType.PESSIMISTIC_WRITE));
    }
}
