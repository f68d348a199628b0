package io.placebench.analytics.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.TransientRetry;
import io.placebench.events.TransientRetry.Outcome;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The consumers' {@link TransientRetry}: waits on the consumer's own (worker) thread, so the channel stops taking
 * records while the database or broker is down, and stops waiting when the service shuts down.
 */
@ApplicationScoped
public class RetryInPlace {

    private static final Logger LOG = Logger.getLogger(RetryInPlace.class);

    @Inject
    MeterRegistry registry;

    private final CountDownLatch stopping = new CountDownLatch(1);

    void onStop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    public <T> Outcome<T> call(String what, Supplier<T> action) {
        return retry(what).call(action);
    }

    public Outcome<Void> run(String what, Runnable action) {
        return retry(what).run(action);
    }

    private TransientRetry retry(String what) {
        return new TransientRetry(wait -> {
            try {
                return stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }, () -> ThreadLocalRandom.current().nextDouble(), (attempt, failure, wait) -> {
            registry.counter("placebench.analytics.transient.retries", "what", what).increment();
            // The first failures at warn with the cause, then one line per doubling of the wait.
            if (attempt <= 2) {
                LOG.warnf(failure, "%s failed transiently (try %d); retrying in %d ms", what, attempt, wait.toMillis());
            } else {
                LOG.warnf("%s still failing transiently (try %d: %s); retrying in %d ms", what, attempt,
                        rootMessage(failure), wait.toMillis());
            }
        });
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
