package io.placebench.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A run: one provider/model/prompt over the images of a dataset. {@code parameters} is a JSON object;
 * {@code mode} is snapshot, open or imported ({@link io.placebench.ingest.domain.RunMode}).
 */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "dataset_id")
    public String datasetId;

    public String provider;
    public String model;

    @Column(name = "prompt_id")
    public String promptId;

    public String parameters;
    public boolean simulated;
    public String status;

    @Column(name = "expected_count")
    public long expectedCount;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public String mode;

    @Column(name = "budget_usd")
    public BigDecimal budgetUsd;

    /** Imported runs: the result file (and line range) they came from. */
    public String source;

    @Column(name = "status_reason")
    public String statusReason;

    /** Counts the lifecycle decisions ingest made for this run; every event about it carries the count. */
    public long generation;

    /** A lifecycle decision of ingest: a new status, and a new generation in the same transaction. */
    public void decide(io.placebench.events.RunStatus next, String reason, Instant now) {
        status = next.name();
        statusReason = reason;
        updatedAt = now;
        generation++;
    }
}
