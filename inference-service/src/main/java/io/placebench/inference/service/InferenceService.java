package io.placebench.inference.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.Failures;
import io.placebench.events.GeoAnswer;
import io.placebench.events.ImportedResult;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunStatus;
import io.placebench.events.TokenUsage;
import io.placebench.events.TransientRetry;
import io.placebench.inference.client.BlobFetchException;
import io.placebench.inference.client.BlobFetcher;
import io.placebench.inference.client.ModelProvider;
import io.placebench.inference.client.ProviderRegistry;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.Attempt;
import io.placebench.inference.domain.CallSpec;
import io.placebench.inference.domain.Estimator;
import io.placebench.inference.domain.ImagePreparationException;
import io.placebench.inference.domain.ImagePreparer;
import io.placebench.inference.domain.ImageTokenRule;
import io.placebench.inference.domain.ImportedResults;
import io.placebench.inference.domain.Interpretation;
import io.placebench.inference.domain.ModelEntry;
import io.placebench.inference.domain.PreparedImage;
import io.placebench.inference.domain.Prompt;
import io.placebench.inference.domain.ProviderUsage;
import io.placebench.inference.domain.Redactor;
import io.placebench.inference.domain.RetryPolicy;
import io.placebench.inference.domain.RunParameters;
import io.placebench.inference.domain.StructuredMode;
import io.placebench.inference.messaging.OutboxRelay;
import io.placebench.inference.repository.Ledger;
import io.placebench.inference.repository.RequestQueue;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.jboss.logging.Logger;

/**
 * Answers one leased {@link InferenceRequested}: put it back if the run is paused or cancelled; answer
 * BUDGET_EXHAUSTED without a call once the run's spend reached its budget; take an imported result as it is;
 * otherwise fetch and prepare the image, call the provider within its rate limits (retrying what may be retried,
 * pausing the run on what no retry cures), price every billed call, and record the outcome with its
 * {@link PredictionMade} in the outbox, in one transaction.
 */
@ApplicationScoped
public class InferenceService {

    private static final Logger LOG = Logger.getLogger(InferenceService.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final TransientRetry RECORDING = new TransientRetry(InferenceService::sleepInterruptibly,
            () -> ThreadLocalRandom.current().nextDouble(), (attempt, e, wait) -> LOG.warnf(
                    "Recording a paid answer failed (%s); trying again in %d ms", e.getMessage(), wait.toMillis()));

    @Inject
    Ledger ledger;

    @Inject
    ProviderRegistry providers;

    @Inject
    BlobFetcher blobs;

    @Inject
    Catalog catalog;

    @Inject
    InferenceMetrics metrics;

    @Inject
    InferenceConfig config;

    @Inject
    RateLimits rateLimits;

    @Inject
    RunStates runStates;

    @Inject
    RequestQueue queue;

    @Inject
    OutboxRelay relay;

    @Inject
    ObjectMapper json;


    private ImagePreparer preparer;

    @PostConstruct
    void init() {
        ImageIO.scanForPlugins(); // registers the WebP reader (TwelveMonkeys) with this class loader
        ImageIO.setUseCache(false);
        InferenceConfig.Image image = config.image();
        ImagePreparer.Format format = switch (image.format().trim().toLowerCase(Locale.ROOT)) {
            case "jpeg", "jpg" -> ImagePreparer.Format.JPEG;
            case "png" -> ImagePreparer.Format.PNG;
            default -> throw new IllegalArgumentException("placebench.image.format must be jpeg or png, was '"
                    + image.format() + "'");
        };
        preparer = new ImagePreparer(image.maxSide(), image.jpegQuality(), image.maxSourcePixels(), format);
    }

    public ImagePreparer preparer() {
        return preparer;
    }

    /** What came of one request before it becomes an event. */
    record Outcome(PredictionStatus status, GeoAnswer answer, String error, Integer httpStatus, String errorType,
            String rawResponse, TokenUsage usage, BigDecimal costUsd, long latencyMs, int attempts, PreparedImage image,
            List<Ledger.Call> calls, String pauseReason, boolean abandoned) {

        static Outcome failedBeforeCall(String error, String errorType, PreparedImage image) {
            return new Outcome(PredictionStatus.API_ERROR, null, error, null, errorType, null, TokenUsage.NONE,
                    BigDecimal.ZERO, 0, 0, image, List.of(), null, false);
        }

        static Outcome pause(String reason) {
            return new Outcome(null, null, null, null, null, null, null, null, 0, 0, null, List.of(), reason, false);
        }

        static Outcome abandon() {
            return new Outcome(null, null, null, null, null, null, null, null, 0, 0, null, List.of(), null, true);
        }
    }

    /**
     * Answers one leased request; the lease ends in a completed row, back in the queue, or a dead letter.
     * {@code started}: the dispatcher already waited for the cool-down and took the first call's request token.
     */
    public void dispatch(RequestQueue.Leased leased, boolean started) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        InferenceRequested request;
        try {
            request = json.readValue(leased.requestJson(), InferenceRequested.class);
        } catch (JsonProcessingException | RuntimeException e) {
            queue.deadLetter(leased, "unreadable request: " + e.getMessage());
            return;
        }
        try {
            process(request, leased, started);
        } catch (RuntimeException e) {
            failed(leased, e);
        } finally {
            metrics.workerCpu(request.provider(), request.model(), THREADS.getCurrentThreadCpuTime() - cpu);
        }
    }

    /**
     * An unexpected failure: a transient one (database, broker) puts the request back to wait; any other is
     * retried a few times, then the request is dead-lettered with its reason rather than retried forever.
     */
    private void failed(RequestQueue.Leased leased, RuntimeException e) {
        boolean transientFailure = Failures.isTransient(e);
        try {
            if (!transientFailure && leased.dispatchFailures() + 1 >= config.dispatch().maxFailures()) {
                LOG.errorf(e, "%s/%s failed %d times: dead-lettered", leased.runId(), leased.imageId(),
                        leased.dispatchFailures() + 1);
                queue.deadLetter(leased, e.toString());
                return;
            }
            Duration wait = Failures.backoff(leased.dispatchFailures() + 1, ThreadLocalRandom.current().nextDouble());
            LOG.warnf("%s/%s: %s; back in the queue for %d ms", leased.runId(), leased.imageId(), e, wait.toMillis());
            queue.release(leased, wait, !transientFailure);
        } catch (RuntimeException again) {
            LOG.warnf("%s/%s could not be put back (%s): its lease runs out and it is taken over", leased.runId(),
                    leased.imageId(), again.getMessage());
        }
    }

    private void process(InferenceRequested request, RequestQueue.Leased leased, boolean started) {
        Optional<Prompt> prompt = catalog.prompts().byId(request.promptId());
        int attempt = leased.attempt();
        if (leased.takeovers() > 0) {
            LOG.warnf("%s/%s: took over a lease that ran out; the provider may be called again", request.runId(),
                    request.imageId());
        }
        Outcome outcome;
        if (request.imported() != null) {
            outcome = imported(request, prompt);
        } else {
            Optional<RunStates.State> state = runStates.get(request.runId());
            if (state.map(RunStates.State::halted).orElse(false)) {
                queue.release(leased, Duration.ZERO, false);
                metrics.skipped(state.get().status().toLowerCase(Locale.ROOT));
                return;
            }
            outcome = budgetCheck(request, state);
            if (outcome == null) {
                outcome = infer(request, prompt, started);
            }
        }
        if (outcome.pauseReason() != null || outcome.abandoned()) {
            releaseEvenIfInterrupted(leased);
            if (outcome.pauseReason() != null) {
                announce(request, RunStatus.PAUSED, outcome.pauseReason());
            } else {
                metrics.skipped("paused");
            }
            return;
        }
        PredictionMade event = toEvent(request, prompt, outcome);
        String eventJson = write(event);
        // The call is paid: its outcome must be recorded, however long the database is away (the dispatcher keeps
        // renewing the lease once it is back). Putting the request back would pay for it again.
        Outcome answered = outcome;
        TransientRetry.Outcome<Boolean> recorded = RECORDING.call(
                () -> ledger.complete(attempt, event, eventJson, answered.image(), answered.calls()));
        if (!(recorded instanceof TransientRetry.Done<Boolean> done)) {
            throw recorded instanceof TransientRetry.Failed<Boolean> failed ? failed.cause()
                    : ((TransientRetry.Stopped<Boolean>) recorded).lastFailure();
        }
        if (done.value()) {
            metrics.record(event);
            relay.nudge();
        } else {
            metrics.duplicate("finished-elsewhere");
        }
    }

    /** Puts the request back in the queue; a worker interrupted by the shutdown still gets a connection for it. */
    private void releaseEvenIfInterrupted(RequestQueue.Leased leased) {
        boolean interrupted = Thread.interrupted();
        try {
            queue.release(leased, Duration.ZERO, false);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A BUDGET_EXHAUSTED outcome when the run's spend reached its budget (announcing it once), else null. */
    private Outcome budgetCheck(InferenceRequested request, Optional<RunStates.State> state) {
        BigDecimal budget;
        try {
            budget = RunParameters.budgetUsd(request.parameters());
        } catch (IllegalArgumentException e) {
            return Outcome.failedBeforeCall("invalid run parameters: " + e.getMessage(), "parameters", null);
        }
        if (state.map(RunStates.State::budgetExhausted).orElse(false)) {
            return budgetOutcome(state.get().reason());
        }
        if (budget == null) {
            return null;
        }
        BigDecimal spent = ledger.spent(request.runId());
        if (spent.compareTo(budget) < 0) {
            return null;
        }
        String reason = "budget of $" + budget.stripTrailingZeros().toPlainString() + " reached: $"
                + spent.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
                + " spent; no new calls are made, the remaining images are BUDGET_EXHAUSTED";
        announce(request, RunStatus.BUDGET_EXHAUSTED, reason);
        return budgetOutcome(reason);
    }

    private static Outcome budgetOutcome(String reason) {
        return new Outcome(PredictionStatus.BUDGET_EXHAUSTED, null, "no call made: " + reason, null, "budget", null,
                TokenUsage.NONE, BigDecimal.ZERO, 0, 0, null, List.of(), null, false);
    }

    /** Moves the run to PAUSED or BUDGET_EXHAUSTED; the worker that makes the move announces it (outbox). */
    private void announce(InferenceRequested request, RunStatus status, String reason) {
        Instant at = Instant.now();
        boolean simulated = providers.get(request.provider()).map(ModelProvider::simulated).orElse(false);
        runStates.transition(request, simulated, status, reason, at).ifPresent(state -> {
            relay.nudge();
            metrics.runChanged(status.name());
            LOG.warnf("Run %s is now %s: %s", request.runId(), status, reason);
        });
    }

    Outcome infer(InferenceRequested request, Optional<Prompt> prompt, boolean started) {
        Optional<ModelProvider> found = providers.get(request.provider());
        if (found.isEmpty()) {
            return Outcome.failedBeforeCall("unknown provider '" + request.provider() + "' (configured: "
                    + providers.names() + ")", "provider", null);
        }
        ModelProvider provider = found.get();
        if (prompt.isEmpty()) {
            return Outcome.failedBeforeCall("unknown prompt id '" + request.promptId() + "' (known: "
                    + catalog.prompts().ids() + ")", "prompt", null);
        }
        RetryPolicy policy = providers.retryPolicy();
        ModelEntry entry = catalog.entry(provider, request.model());
        byte[] bytes;
        try {
            bytes = fetch(request.blobUrl(), policy);
        } catch (BlobFetchException e) {
            return Outcome.failedBeforeCall("image: " + e.getMessage(), "image", null);
        }
        if (request.sha256() != null && !request.sha256().equalsIgnoreCase(Prompt.sha256Hex(bytes))) {
            return Outcome.failedBeforeCall("image: the bytes at " + request.blobUrl()
                    + " do not have the sha256 of the request (" + request.sha256() + ")", "image", null);
        }
        PreparedImage image;
        try {
            image = preparer.withMaxSide(entry.maxImageSide() != null ? entry.maxImageSide() : preparer.maxSide())
                    .prepare(bytes);
        } catch (ImagePreparationException e) {
            return Outcome.failedBeforeCall("image: " + e.getMessage(), "image", null);
        }
        InferenceConfig.Provider providerConfig = providers.config(provider.name()).orElseThrow();
        CallSpec spec;
        try {
            spec = RunParameters.resolve(request.parameters(), entry, provider.api(), provider.flavor(),
                    providerConfig.maxTokensField(), StructuredMode.fromConfig(providerConfig.structuredOutput())
                            .orElse(StructuredMode.AUTO), prompt.get(), image);
        } catch (IllegalArgumentException e) {
            return Outcome.failedBeforeCall("invalid run parameters: " + e.getMessage(), "parameters", image);
        }
        ModelProvider.PreparedCall call = provider.prepare(spec);
        ImageTokenRule rule = entry.imageTokens() != null ? entry.imageTokens() : ImageTokenRule.defaultFor(provider.api());
        long imageTokens = rule.tokens(image.width(), image.height(), spec.detail());
        long estimate = Estimator.promptTextTokens(provider.api(), spec) + imageTokens + spec.maxTokens();
        return callWithRetries(request, provider, entry, call, image, imageTokens, estimate, policy, started);
    }

    private Outcome callWithRetries(InferenceRequested request, ModelProvider provider, ModelEntry entry,
            ModelProvider.PreparedCall call, PreparedImage image, long imageTokens, long estimate, RetryPolicy policy,
            boolean started) {
        RateLimits.ModelLimiter limiter = rateLimits.limiter(provider, entry);
        TokenUsage tokens = TokenUsage.NONE;
        BigDecimal cost = BigDecimal.ZERO;
        List<Ledger.Call> calls = new ArrayList<>();
        int failures = 0;
        int rateLimited = 0;
        Attempt last;
        boolean startTaken = started;
        while (true) {
            try {
                if (startTaken) {
                    limiter.awaitCall(estimate);
                    startTaken = false;
                } else {
                    limiter.acquire(estimate);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.abandon();
            }
            metrics.callStarted();
            RetryPolicy.Decision decision;
            try {
                last = provider.send(call);
            } finally {
                metrics.callFinished();
            }
            if (Thread.currentThread().isInterrupted()) {
                // the worker is being stopped (its drain time ran out): whatever the call answered is not the
                // model's answer, so the request goes back to the queue instead of being answered API_ERROR
                return Outcome.abandon();
            }
            decision = policy.decide(last);
            if (decision == RetryPolicy.Decision.RETRY) {
                failures++;
            } else if (decision == RetryPolicy.Decision.RETRY_RATE_LIMITED) {
                rateLimited++;
            }
            Duration backoff = policy.delay(decision == RetryPolicy.Decision.RETRY_RATE_LIMITED ? rateLimited : failures,
                    last.retryAfter(), ThreadLocalRandom.current().nextDouble());
            limiter.release(decision == RetryPolicy.Decision.RETRY_RATE_LIMITED
                    ? withRetryAfter(last, backoff) : last, decision);
            BigDecimal callCost = BigDecimal.ZERO;
            TokenUsage callTokens = TokenUsage.NONE;
            ProviderUsage usage = last.usage();
            if (usage != null) {
                // Every call that reported usage was billed, so it counts, retried or not.
                callTokens = usage.toTokenUsage(imageTokens);
                callCost = catalog.cost(entry, provider.api(), provider.flavor(), usage);
                tokens = tokens.plus(callTokens);
                cost = cost.add(callCost);
            }
            calls.add(new Ledger.Call(calls.size() + 1, last.status().name(), last.httpStatus(), last.errorCodeOrType(),
                    callCost, callTokens, last.latencyMs()));
            if (decision == RetryPolicy.Decision.PAUSE_RUN) {
                return Outcome.pause(provider.name() + "/" + call.model() + " answered " + last.error()
                        + " (not retried: no wait cures it; fix the cause and resume the run)");
            }
            if (!policy.mayRetry(decision, failures, rateLimited)) {
                break;
            }
            String reason = decision == RetryPolicy.Decision.RETRY_RATE_LIMITED ? "rate_limit"
                    : last.status() == PredictionStatus.TIMEOUT ? "timeout"
                    : "connection".equals(last.errorType()) ? "connection" : "server_error";
            metrics.retry(provider.name(), call.model(), reason);
            LOG.debugf("%s/%s %s call %d: %s; retrying after %d ms", provider.name(), call.model(), request.imageId(),
                    calls.size(), last.error(), backoff.toMillis());
            if (decision == RetryPolicy.Decision.RETRY && !sleep(backoff)) {
                return Outcome.abandon();
            }
            if (runStates.halted(request.runId())) {
                return Outcome.abandon(); // paused meanwhile (by another worker or by ingest): no new calls
            }
        }
        return new Outcome(last.status(), last.answer(), last.error(), last.httpStatus(), last.errorCodeOrType(),
                last.rawResponse(), tokens, cost, last.latencyMs(), calls.size(), image, calls, null, false);
    }

    /** A rate-limited attempt as the limiter should see it: with the wait it must hold every call for. */
    private static Attempt withRetryAfter(Attempt a, Duration wait) {
        return a.retryAfter() != null ? a : new Attempt(a.status(), a.answer(), a.error(), a.httpStatus(), a.errorType(),
                a.errorCode(), a.usage(), a.rawResponse(), a.latencyMs(), wait, a.quotaExhausted(), a.limits());
    }

    /** An imported result: no provider call; the recorded tokens and cost are kept. */
    private Outcome imported(InferenceRequested request, Optional<Prompt> prompt) {
        ImportedResult imp = request.imported();
        Interpretation meaning = ImportedResults.interpret(imp);
        TokenUsage usage = imp.usage() == null ? TokenUsage.NONE : imp.usage();
        BigDecimal cost = imp.costUsd();
        if (cost == null) {
            Optional<ModelProvider> provider = providers.get(request.provider());
            ModelEntry entry = provider.map(p -> catalog.entry(p, request.model())).orElse(null);
            cost = entry == null ? BigDecimal.ZERO : catalog.cost(entry, provider.get().api(), provider.get().flavor(),
                    new ProviderUsage(usage.input(), usage.output(), usage.cached(), usage.cacheWrite(), usage.reasoning(),
                            null));
        }
        long latency = imp.latencyMs() == null ? 0 : Math.max(0, imp.latencyMs());
        String raw = Redactor.redact(imp.rawResponse());
        List<Ledger.Call> calls = List.of(new Ledger.Call(1, meaning.status().name(), meaning.httpStatus(),
                meaning.errorCodeOrType(), cost, usage, latency));
        return new Outcome(meaning.status(), meaning.answer(), meaning.error(), meaning.httpStatus(),
                meaning.errorCodeOrType(), raw, usage, cost, latency, 1, null, calls, null, false);
    }

    private byte[] fetch(String blobUrl, RetryPolicy policy) throws BlobFetchException {
        for (int attempt = 1;; attempt++) {
            try {
                return blobs.fetch(blobUrl);
            } catch (BlobFetchException e) {
                if (!e.retryable() || attempt > policy.maxRetries()) {
                    throw e;
                }
                LOG.infof("%s; retrying", e.getMessage());
                if (!sleep(policy.delay(attempt, null, ThreadLocalRandom.current().nextDouble()))) {
                    throw e;
                }
            }
        }
    }

    private PredictionMade toEvent(InferenceRequested request, Optional<Prompt> prompt, Outcome o) {
        boolean simulated = providers.get(request.provider()).map(ModelProvider::simulated).orElse(false);
        BigDecimal cost = o.costUsd().setScale(9, RoundingMode.HALF_UP).stripTrailingZeros();
        if (cost.scale() < 0) {
            cost = cost.setScale(0);
        }
        return new PredictionMade(UUID.randomUUID().toString(), PredictionMade.SCHEMA_VERSION, Instant.now(),
                request.runId(), request.datasetId(), request.imageId(), request.provider(), request.model(),
                request.promptId(), prompt.map(Prompt::hash).orElse(null), simulated, o.status(), o.answer(),
                o.rawResponse(), o.error(), o.httpStatus(), o.usage(), cost, o.latencyMs(), o.attempts(), o.errorType(),
                request.attemptOrFirst());
    }

    /** A wait of {@link TransientRetry}: never cut short but by an interrupt (the JVM is going down). */
    private static boolean sleepInterruptibly(Duration wait) {
        return !sleep(wait);
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(0, wait.toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String write(PredictionMade event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
