package io.placebench.scoring.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One scored prediction; (run, image) is the primary key, which makes scoring idempotent. The published
 * event is kept verbatim so that a redelivered prediction re-publishes the very same event. Rows are written by
 * {@link ScoringStore} (set-at-a-time SQL); this entity serves reads.
 */
@Entity
@Table(name = "score")
@IdClass(Score.Key.class)
public class Score extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    @Column(name = "image_id")
    public String imageId;

    @Column(name = "dataset_id")
    public String datasetId;
    public String provider;
    public String model;
    public String status;
    public boolean answered;
    @Column(name = "distance_km")
    public Double distanceKm;
    @Column(name = "geoguessr_score")
    public Double geoguessrScore;
    @Column(name = "hit_1km")
    public boolean hit1km;
    @Column(name = "hit_25km")
    public boolean hit25km;
    @Column(name = "hit_200km")
    public boolean hit200km;
    @Column(name = "hit_750km")
    public boolean hit750km;
    @Column(name = "hit_2500km")
    public boolean hit2500km;
    @Column(name = "cost_usd")
    public BigDecimal costUsd;
    @Column(name = "scored_at")
    public Instant scoredAt;
    @Column(name = "event_json")
    public String eventJson;
    @Column(name = "geodesic_km")
    public Double geodesicKm;
    @Column(name = "match_continent")
    public Boolean matchContinent;
    @Column(name = "match_country")
    public Boolean matchCountry;
    @Column(name = "match_region")
    public Boolean matchRegion;
    @Column(name = "match_city")
    public Boolean matchCity;
    @Column(name = "text_answered")
    public Boolean textAnswered;
    @Column(name = "text_city")
    public Boolean textCity;
    @Column(name = "text_state")
    public Boolean textState;
    @Column(name = "text_country")
    public Boolean textCountry;

    public record Key(String runId, String imageId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    public static Optional<Score> find(String runId, String imageId) {
        return findByIdOptional(new Key(runId, imageId));
    }
}
