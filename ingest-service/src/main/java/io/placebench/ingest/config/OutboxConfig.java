package io.placebench.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code placebench.outbox.*}: the relay that publishes committed outbox rows. */
@ConfigMapping(prefix = "placebench.outbox")
public interface OutboxConfig {

    /** Rows locked, sent and deleted per relay transaction. */
    @WithDefault("1000")
    int batchSize();

    /** How often an idle relay looks for rows (it is also nudged after every commit that appended rows). */
    @WithDefault("PT0.2S")
    Duration idlePoll();

    /** How long the relay waits for Kafka to acknowledge a batch before rolling back and backing off. */
    @WithDefault("PT2M")
    Duration sendTimeout();
}
