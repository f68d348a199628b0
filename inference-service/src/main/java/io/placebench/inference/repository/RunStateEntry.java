package io.placebench.inference.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What inference knows of one run (table {@code run_state}); see {@link io.placebench.inference.service.RunStates}. */
@Entity
@Table(name = "run_state")
public class RunStateEntry extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public String runId;
    public String status;
    public String reason;
    @Column(name = "changed_at")
    public Instant changedAt;
    @Column(name = "expected_count")
    public long expectedCount;
    @Column(name = "dataset_id")
    public String datasetId;
    public String provider;
    public String model;
    @Column(name = "prompt_id")
    public String promptId;
    public boolean simulated;
    public long generation;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
