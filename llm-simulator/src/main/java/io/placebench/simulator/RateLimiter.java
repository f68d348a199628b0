package io.placebench.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key requests-per-minute and tokens-per-minute limits as continuously refilled buckets: capacity is
 * {@code burstSeconds} worth of the per-minute allowance, refilled at limit/60 per second. A request that does
 * not fit is refused with the time until it would have fitted (the retry-after the APIs send).
 */
final class RateLimiter {

    /** The state after a decision, for the x-ratelimit-* / anthropic-ratelimit-* headers. */
    record Decision(boolean allowed, long retryAfterMs, String exceeded, int rpmLimit, long rpmRemaining,
            long rpmResetMs, long tpmLimit, long tpmRemaining, long tpmResetMs) {
    }

    private final int rpm;
    private final long tpm;
    private final double burstSeconds;
    private final Map<String, Buckets> byKey = new ConcurrentHashMap<>();

    RateLimiter(int rpm, long tpm, double burstSeconds) {
        this.rpm = rpm;
        this.tpm = tpm;
        this.burstSeconds = burstSeconds;
    }

    boolean enabled() {
        return rpm > 0 || tpm > 0;
    }

    Decision admit(String key, long tokens) {
        return byKey.computeIfAbsent(key == null ? "anonymous" : key, k -> new Buckets()).admit(tokens, System.nanoTime());
    }

    private final class Buckets {
        private final Bucket requests = rpm > 0 ? new Bucket(rpm / 60.0, Math.max(1, rpm / 60.0 * burstSeconds)) : null;
        private final Bucket tokens = tpm > 0 ? new Bucket(tpm / 60.0, Math.max(1, tpm / 60.0 * burstSeconds)) : null;

        synchronized Decision admit(long cost, long now) {
            if (requests != null) {
                requests.refill(now);
            }
            if (tokens != null) {
                tokens.refill(now);
            }
            double tokenCost = tokens == null ? 0 : Math.min(cost, tokens.capacity);
            long waitRequests = requests == null ? 0 : requests.waitMs(1);
            long waitTokens = tokens == null ? 0 : tokens.waitMs(tokenCost);
            boolean allowed = waitRequests == 0 && waitTokens == 0;
            if (allowed) {
                if (requests != null) {
                    requests.level -= 1;
                }
                if (tokens != null) {
                    tokens.level -= tokenCost;
                }
            }
            String exceeded = waitRequests > 0 ? "requests" : waitTokens > 0 ? "tokens" : null;
            return new Decision(allowed, Math.max(waitRequests, waitTokens), exceeded, rpm,
                    requests == null ? 0 : (long) Math.floor(requests.level), requests == null ? 0 : requests.fullInMs(),
                    tpm, tokens == null ? 0 : (long) Math.floor(tokens.level), tokens == null ? 0 : tokens.fullInMs());
        }
    }

    private static final class Bucket {
        final double perSecond;
        final double capacity;
        double level;
        long at;

        Bucket(double perSecond, double capacity) {
            this.perSecond = perSecond;
            this.capacity = capacity;
            this.level = capacity;
            this.at = System.nanoTime();
        }

        void refill(long now) {
            level = Math.min(capacity, level + (now - at) / 1e9 * perSecond);
            at = now;
        }

        long waitMs(double need) {
            return level >= need ? 0 : (long) Math.ceil((need - level) / perSecond * 1000);
        }

        long fullInMs() {
            return (long) Math.ceil((capacity - level) / perSecond * 1000);
        }
    }
}
