package io.placebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.placebench.cli.stack.LocalStack;
import java.util.List;

/**
 * What a finished demo produced, handed to {@link DemoCommand#afterLeaderboard} while the stack still runs
 * (the end-to-end test checks the database and Kafka with it). {@code biasLines}: one {@link BiasLine} per run.
 */
public record DemoOutcome(LocalStack stack, String datasetId, int images, List<String> runIds, JsonNode leaderboard,
        List<String> biasLines) {
}
