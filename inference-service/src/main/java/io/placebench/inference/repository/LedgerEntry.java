package io.placebench.inference.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One (run, image, attempt) of the ledger; see {@code V1__inference.sql}, {@code V2__...sql} and {@link Ledger}. */
@Entity
@Table(name = "ledger")
@IdClass(LedgerEntry.Key.class)
public class LedgerEntry extends PanacheEntityBase {

    public static final String IN_FLIGHT = "IN_FLIGHT";

    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    @Column(name = "image_id")
    public String imageId;

    @Id
    public int attempt;

    public String status;
    @Column(name = "dataset_id")
    public String datasetId;
    public String provider;
    public String model;
    @Column(name = "prompt_id")
    public String promptId;
    @Column(name = "prompt_hash")
    public String promptHash;
    @Column(name = "request_event_id")
    public String requestEventId;
    @Column(name = "claim_token")
    public String claimToken;
    @Column(name = "claimed_at")
    public Instant claimedAt;
    public int takeovers;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "event_json")
    public String eventJson;
    @Column(name = "http_status")
    public Integer httpStatus;
    @Column(name = "cost_usd")
    public BigDecimal costUsd;
    @Column(name = "input_tokens")
    public long inputTokens;
    @Column(name = "output_tokens")
    public long outputTokens;
    @Column(name = "cached_tokens")
    public long cachedTokens;
    @Column(name = "reasoning_tokens")
    public long reasoningTokens;
    @Column(name = "image_tokens")
    public long imageTokens;
    @Column(name = "cache_write_tokens")
    public long cacheWriteTokens;
    @Column(name = "error_type")
    public String errorType;
    @Column(name = "sent_media_type")
    public String sentMediaType;
    public boolean imported;
    public int attempts;
    @Column(name = "latency_ms")
    public Long latencyMs;
    @Column(name = "source_sha256")
    public String sourceSha256;
    @Column(name = "sent_width")
    public Integer sentWidth;
    @Column(name = "sent_height")
    public Integer sentHeight;
    @Column(name = "sent_bytes")
    public Integer sentBytes;
    @Column(name = "sent_sha256")
    public String sentSha256;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "lease_until")
    public Instant leaseUntil;

    public boolean inFlight() {
        return IN_FLIGHT.equals(status);
    }

    public record Key(String runId, String imageId, int attempt) implements Serializable {
        public Key() {
            this(null, null, 1);
        }
    }

    public static List<LedgerEntry> forRun(String runId) {
        return list("runId = ?1 order by imageId, attempt", runId);
    }
}
