package io.placebench.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * One image of a dataset; (dataset, image id) is the primary key. The bytes are in the blob store under
 * {@code sha256} (null, with {@code mediaType} null and {@code sizeBytes} 0, when only the truth is known);
 * {@code attributes} is a JSON object of strings; {@code publishedAt} is set once the ImageIngested event was
 * acknowledged.
 */
@Entity
@Table(name = "image")
@IdClass(StoredImage.Key.class)
public class StoredImage extends PanacheEntityBase {

    @Id
    @Column(name = "dataset_id")
    public String datasetId;

    @Id
    @Column(name = "image_id")
    public String imageId;

    public String sha256;

    @Column(name = "media_type")
    public String mediaType;

    @Column(name = "size_bytes")
    public long sizeBytes;

    public double latitude;
    public double longitude;
    public String city;
    public String admin1;
    public String country;
    public String attributes;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    public record Key(String datasetId, String imageId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    public static Optional<StoredImage> findImage(String datasetId, String imageId) {
        return findByIdOptional(new Key(datasetId, imageId));
    }

    public static long countIn(String datasetId) {
        return count("datasetId", datasetId);
    }

}
