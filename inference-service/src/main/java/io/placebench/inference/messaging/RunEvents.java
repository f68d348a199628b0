package io.placebench.inference.messaging;

import io.placebench.events.RunChanged;
import io.placebench.inference.service.RunStates;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@code runs} topic both ways: inference publishes PAUSED and BUDGET_EXHAUSTED (channel {@code runs-out})
 * and reads every run event (channel {@code runs-in}) to learn of resumes, pauses and cancellations by ingest.
 */
@ApplicationScoped
public class RunEvents {

    @Inject
    RunStates states;

    @Inject
    @Channel("runs-out")
    MutinyEmitter<Record<String, RunChanged>> out;

    public void publish(RunChanged event) {
        out.sendAndAwait(Record.of(event.runId(), event));
    }

    @Incoming("runs-in")
    @Blocking
    public void consume(RunChanged event) {
        if (event != null) {
            states.apply(event);
        }
    }

}
