package io.placebench.inference.service;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.placebench.inference.client.ModelProvider;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.AdaptiveConcurrency;
import io.placebench.inference.domain.Attempt;
import io.placebench.inference.domain.ModelEntry;
import io.placebench.inference.domain.RetryPolicy;
import io.placebench.inference.domain.ServerLimits;
import io.placebench.inference.repository.SharedLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Per provider and model: a requests-per-minute and a tokens-per-minute bucket (bucket4j, greedy refill,
 * capacity {@code placebench.limits.burst-seconds} of the allowance, at {@code headroom} of the configured
 * limit), an adaptive concurrency limit (AIMD: backs off on 429/529/503, recovers on success) and a cool-down
 * that holds every call of the model after a 429 for its retry-after, or until the reset of an allowance the
 * provider's headers report as exhausted. A limit the provider reports lower than the configured one replaces it.
 *
 * <p>The buckets and the cool-down are kept in PostgreSQL ({@link SharedLimits}) and shared by every replica, so
 * together they stay under the provider's limit; the concurrency limit is per replica.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);
    private static final long COOLDOWN_CHECK_NANOS = 250_000_000L;
    private static final long STOP_CHECK_NANOS = 200_000_000L;

    @Inject
    InferenceConfig config;

    @Inject
    InferenceMetrics metrics;

    @Inject
    SharedLimits shared;

    private final Map<String, ModelLimiter> limiters = new ConcurrentHashMap<>();

    public ModelLimiter limiter(ModelProvider provider, ModelEntry entry) {
        return limiters.computeIfAbsent(entry.key(), k -> create(provider, entry));
    }

    private ModelLimiter create(ModelProvider provider, ModelEntry entry) {
        InferenceConfig.Provider p = config.providers().get(provider.name());
        int rpm = entry.rpm() != null ? entry.rpm() : p == null ? 0 : p.rpm();
        long tpm = entry.tpm() != null ? entry.tpm() : p == null ? 0 : p.tpm();
        int max = entry.maxConcurrency() != null ? entry.maxConcurrency() : p == null ? 32 : p.maxConcurrency();
        InferenceConfig.Limits l = config.limits();
        ModelLimiter limiter = new ModelLimiter(provider.name(), entry.model(), rpm, tpm,
                new AdaptiveConcurrency(Math.min(l.minConcurrency(), max), max, l.decreaseFactor(), l.increase(),
                        l.decreaseInterval()));
        metrics.concurrencyGauge(provider.name(), entry.model(), limiter.concurrency::limit);
        LOG.infof("Limits of %s: rpm %d, tpm %d, concurrency up to %d", entry.key(), rpm, tpm, max);
        return limiter;
    }

    /** The limits of one provider and model. */
    public final class ModelLimiter {
        final String provider;
        final String model;
        final AdaptiveConcurrency concurrency;
        private volatile Bucket requests;
        private volatile Bucket tokens;
        private volatile long configuredRpm;
        private volatile long tokenCapacity;
        private volatile long cooldownUntil = System.nanoTime();
        private volatile long cooldownCheckedAt = System.nanoTime() - COOLDOWN_CHECK_NANOS;
        private final Object reservations = new Object();

        ModelLimiter(String provider, String model, int rpm, long tpm, AdaptiveConcurrency concurrency) {
            this.provider = provider;
            this.model = model;
            this.concurrency = concurrency;
            this.configuredRpm = rpm;
            this.requests = rpm > 0 ? bucket("rpm", rpm) : null;
            if (tpm > 0) {
                this.tokens = bucket("tpm", tpm);
                this.tokenCapacity = capacity(tpm);
            }
        }

        private long capacity(long perMinute) {
            return Math.max(1, (long) Math.floor(perMinute * config.limits().headroom() / 60.0 * config.limits().burstSeconds()));
        }

        /** A bucket shared by all replicas; a lower limit (learnt from the provider) is a newer configuration. */
        private Bucket bucket(String kind, long perMinute) {
            long perMinuteUsed = Math.max(1, (long) Math.floor(perMinute * config.limits().headroom()));
            BucketConfiguration configuration = BucketConfiguration.builder().addLimit(Bandwidth.builder()
                    .capacity(capacity(perMinute)).refillGreedy(perMinuteUsed, Duration.ofMinutes(1)).build()).build();
            return shared.bucket(kind + ":" + provider + "/" + model, configuration, Long.MAX_VALUE / 2 - perMinute);
        }

        private String key() {
            return provider + "/" + model;
        }

        /** The shared cool-down, asked at most every 250 ms; a 429 seen here is applied locally at once. */
        private long cooldownUntil() {
            long now = System.nanoTime();
            if (now - cooldownCheckedAt >= COOLDOWN_CHECK_NANOS) {
                cooldownCheckedAt = now;
                long until = now + shared.cooldownLeft(key()).toNanos();
                synchronized (this) {
                    if (until > cooldownUntil) {
                        cooldownUntil = until;
                    }
                }
            }
            return cooldownUntil;
        }

        /** Blocks until a call may start: cool-down, then a request token, the call's tokens, a concurrency slot. */
        public void acquire(long estimatedTokens) throws InterruptedException {
            if (!awaitStart(() -> false)) {
                throw new InterruptedException();
            }
            awaitCall(estimatedTokens);
        }

        /**
         * The cool-down and a request token: what the dispatcher waits for before it leases a request, so that a
         * rate-limited model holds no leases while it waits. False (no token taken) when {@code stopped} turns true
         * or the thread is interrupted meanwhile.
         */
        public boolean awaitStart(BooleanSupplier stopped) {
            long t = System.nanoTime();
            long wait;
            while ((wait = cooldownUntil() - System.nanoTime()) > 0) {
                if (!park(Math.min(wait, STOP_CHECK_NANOS), stopped)) {
                    return false;
                }
            }
            t = recorded("cooldown", t);
            Bucket r = requests;
            if (r != null) {
                long until = System.nanoTime() + reserve(r, 1);
                while ((wait = until - System.nanoTime()) > 0) {
                    // a token reserved and then not used is lost: only a stopping service gives one up
                    if (!park(Math.min(wait, STOP_CHECK_NANOS), stopped)) {
                        return false;
                    }
                }
                recorded("rpm", t);
            }
            return true;
        }

        /** The rest of what a call needs once it may start: the call's tokens, then a concurrency slot. */
        public void awaitCall(long estimatedTokens) throws InterruptedException {
            long t = System.nanoTime();
            Bucket tk = tokens;
            if (tk != null) {
                long until = System.nanoTime() + reserve(tk, Math.max(1, Math.min(estimatedTokens, tokenCapacity)));
                long wait;
                while ((wait = until - System.nanoTime()) > 0) {
                    if (!park(wait, () -> false)) {
                        throw new InterruptedException();
                    }
                }
                t = recorded("tpm", t);
            }
            concurrency.acquire();
            recorded("concurrency", t);
        }

        /**
         * Reserves tokens in the shared bucket and answers how long to wait for them (nanoseconds). The reservation
         * (one transaction on the bucket's row) is made by one thread of this replica at a time: dozens of callers
         * blocked on the same row lock would each hold a pooled connection and run the pool dry.
         */
        private long reserve(Bucket bucket, long amount) {
            long[] wait = new long[1];
            synchronized (reservations) {
                try {
                    bucket.asBlocking().consume(amount, nanos -> wait[0] = nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the strategy above never waits, so this cannot happen
                }
            }
            return wait[0];
        }

        /** Parks for up to {@code nanos}; false when interrupted or {@code stopped}. */
        private static boolean park(long nanos, BooleanSupplier stopped) {
            LockSupport.parkNanos(nanos);
            return !Thread.currentThread().isInterrupted() && !stopped.getAsBoolean();
        }

        private long recorded(String limit, long since) {
            long now = System.nanoTime();
            if (now - since > 1_000_000) { // waits under a millisecond are not waits
                metrics.rateLimitWait(provider, model, limit, now - since);
            }
            return now;
        }

        /** A call ended: feed back what the provider said. */
        public void release(Attempt attempt, RetryPolicy.Decision decision) {
            boolean overload = decision == RetryPolicy.Decision.RETRY_RATE_LIMITED;
            concurrency.release(overload ? AdaptiveConcurrency.Signal.OVERLOAD
                    : attempt.httpStatus() == null && attempt.errorType() == null ? AdaptiveConcurrency.Signal.SUCCESS
                    : AdaptiveConcurrency.Signal.NEUTRAL);
            Duration hold = null;
            if (overload) {
                hold = attempt.retryAfter() != null ? attempt.retryAfter() : config.limits().defaultCooldown();
            }
            ServerLimits limits = attempt.limits();
            if (limits != null) {
                Duration exhausted = limits.exhaustedFor();
                if (exhausted != null && (hold == null || exhausted.compareTo(hold) > 0)) {
                    hold = exhausted;
                }
                learn(limits);
            }
            if (hold != null && !hold.isNegative()) {
                Duration capped = hold.compareTo(config.retry().maxRetryAfter()) > 0 ? config.retry().maxRetryAfter() : hold;
                long until = System.nanoTime() + capped.toNanos();
                synchronized (this) {
                    if (until > cooldownUntil) {
                        cooldownUntil = until;
                    }
                }
                shared.coolDown(key(), capped);
            }
        }

        private void learn(ServerLimits limits) {
            Long reported = limits.limitRequests();
            if (reported != null && reported > 0 && (configuredRpm == 0 || reported < configuredRpm)) {
                synchronized (this) {
                    if (configuredRpm == 0 || reported < configuredRpm) {
                        LOG.infof("%s/%s: the provider reports %d requests per minute; the bucket follows", provider,
                                model, reported);
                        configuredRpm = reported;
                        requests = bucket("rpm", reported);
                    }
                }
            }
        }

        public double concurrencyLimit() {
            return concurrency.limit();
        }
    }
}
