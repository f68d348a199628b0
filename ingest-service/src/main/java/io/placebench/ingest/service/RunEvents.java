package io.placebench.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.ingest.repository.Outbox;
import io.placebench.ingest.repository.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Appends {@code runs} events to the outbox, in the caller's transaction, stamped with the run's generation. */
@ApplicationScoped
public class RunEvents {

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    public RunChanged announce(Run run, RunStatus status, String reason) {
        RunChanged event = new RunChanged(UUID.randomUUID().toString(), RunChanged.SCHEMA_VERSION, Instant.now(),
                run.id, run.datasetId, run.provider, run.model, run.promptId, parameters(run), run.simulated, status,
                run.expectedCount, reason, run.generation);
        outbox.append(Topics.RUNS, run.id, event.eventId(), event);
        return event;
    }

    Map<String, Object> parameters(Run run) {
        try {
            return run.parameters == null ? new LinkedHashMap<>() : json.readValue(run.parameters,
                    new TypeReference<LinkedHashMap<String, Object>>() {
                    });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run parameters are not a JSON object: " + run.parameters, e);
        }
    }
}
