package io.placebench.scoring.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** A prediction that arrived before the truth of its image; scored as soon as the image event comes in. */
@Entity
@Table(name = "pending_prediction")
@IdClass(PendingPrediction.Key.class)
public class PendingPrediction extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    @Column(name = "image_id")
    public String imageId;

    @Column(name = "dataset_id")
    public String datasetId;
    @Column(name = "event_json")
    public String eventJson;
    @Column(name = "received_at")
    public Instant receivedAt;

    public record Key(String runId, String imageId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    public static List<PendingPrediction> forImage(String datasetId, String imageId) {
        return list("datasetId = ?1 and imageId = ?2", datasetId, imageId);
    }
}
