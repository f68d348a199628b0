package io.placebench.scoring.repository;

import io.placebench.events.GroundTruth;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Optional;

/** The ground truth of one image, kept from the images topic. */
@Entity
@Table(name = "truth")
@IdClass(Truth.Key.class)
public class Truth extends PanacheEntityBase {

    @Id
    @Column(name = "dataset_id")
    public String datasetId;

    @Id
    @Column(name = "image_id")
    public String imageId;

    public double latitude;
    public double longitude;
    public String city;
    public String admin1;
    public String country;

    public record Key(String datasetId, String imageId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    public static Optional<Truth> find(String datasetId, String imageId) {
        return findByIdOptional(new Key(datasetId, imageId));
    }

    public GroundTruth toEvent() {
        return new GroundTruth(latitude, longitude, city, admin1, country);
    }
}
