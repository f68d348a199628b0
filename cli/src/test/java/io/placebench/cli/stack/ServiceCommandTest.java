package io.placebench.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.cli.client.TokenFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local stack hands its services: ingest gets the hash of the state dir's token, and only ingest. */
class ServiceCommandTest {

    @Test
    void ingestGetsTheSha256OfTheTokenAsItsTokenHashes(@TempDir Path state) throws IOException {
        TokenFile.Token token = TokenFile.ensure(state);
        StackConfig config = new StackConfig(state, state, Ports.DEFAULTS, 10, StackConfig.DEFAULT_READY_TIMEOUT,
                token.sha256Hex());
        LocalStack stack = new LocalStack(config, new PrintWriter(new StringWriter()));

        List<String> ingest = stack.serviceCommand("ingest-service");
        assertTrue(ingest.contains("-Dplacebench.auth.token-hashes=" + TokenFile.sha256Hex(token.value())),
                ingest.toString());
        assertTrue(ingest.indexOf("-jar") > ingest.indexOf("-Dplacebench.auth.token-hashes="
                + token.sha256Hex()), "a system property: before -jar");
        assertFalse(String.join(" ", ingest).contains(token.value()), "never the token itself");
        for (String other : List.of("inference-service", "scoring-service", "analytics-service")) {
            assertTrue(stack.serviceCommand(other).stream().noneMatch(a -> a.contains("token")), other);
        }
    }

    @Test
    void servicePropertiesGoBeforeTheJarAndAServicesOwnWinOverThoseForAll(@TempDir Path state) {
        StackConfig config = new StackConfig(state, state, Ports.DEFAULTS, 10, StackConfig.DEFAULT_READY_TIMEOUT)
                .withServiceProperties(StackConfig.ALL_SERVICES, java.util.Map.of("kafka.delivery.timeout.ms", "15000",
                        "placebench.x", "all"))
                .withServiceProperties("inference-service", java.util.Map.of("placebench.x", "mine",
                        "placebench.dispatch.lease", "15s"));
        LocalStack stack = new LocalStack(config, new PrintWriter(new StringWriter()));

        List<String> inference = stack.serviceCommand("inference-service");
        assertTrue(inference.contains("-Dkafka.delivery.timeout.ms=15000"), inference.toString());
        assertTrue(inference.contains("-Dplacebench.dispatch.lease=15s"), inference.toString());
        assertTrue(inference.contains("-Dplacebench.x=mine"), inference.toString());
        assertFalse(inference.contains("-Dplacebench.x=all"), inference.toString());
        assertTrue(inference.indexOf("-Dplacebench.dispatch.lease=15s") < inference.indexOf("-jar"));
        List<String> scoring = stack.serviceCommand("scoring-service");
        assertTrue(scoring.contains("-Dplacebench.x=all") && scoring.contains("-Dkafka.delivery.timeout.ms=15000"),
                scoring.toString());
        assertTrue(scoring.stream().noneMatch(a -> a.contains("dispatch.lease")), scoring.toString());
        assertEquals(config, config.withPartitions(config.partitions()), "kept by the other withers");
    }

    @Test
    void analyticsFetchesThumbnailsFromTheStacksIngest(@TempDir Path state) {
        Ports ports = new Ports(18081, 18082, 18083, 18084, 18090, 19092, 19093, 15432);
        LocalStack stack = new LocalStack(new StackConfig(state, state, ports, 10,
                StackConfig.DEFAULT_READY_TIMEOUT), new PrintWriter(new StringWriter()));
        assertTrue(stack.serviceCommand("analytics-service").contains(
                "-Dquarkus.rest-client.ingest.url=http://localhost:18081"));
    }

    @Test
    void withoutATokenIngestIsLeftOpen(@TempDir Path state) {
        LocalStack stack = new LocalStack(new StackConfig(state, state, Ports.DEFAULTS, 10,
                StackConfig.DEFAULT_READY_TIMEOUT), new PrintWriter(new StringWriter()));
        assertTrue(stack.serviceCommand("ingest-service").stream().noneMatch(a -> a.contains("token")));
        assertThrows(IllegalArgumentException.class, () -> new StackConfig(state, state, Ports.DEFAULTS, 10,
                StackConfig.DEFAULT_READY_TIMEOUT, "not-a-hash"));
        assertEquals(null, new StackConfig(state, state, Ports.DEFAULTS, 10,
                StackConfig.DEFAULT_READY_TIMEOUT).ingestTokenHash());
    }
}
