package io.placebench.inference.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.GeoAnswer;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.TokenUsage;
import io.placebench.events.Topics;
import io.placebench.inference.client.BlobFetchException;
import io.placebench.inference.client.BlobFetcher;
import io.placebench.inference.client.ModelProvider;
import io.placebench.inference.client.ProviderRegistry;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.Attempt;
import io.placebench.inference.domain.ImagePreparationException;
import io.placebench.inference.domain.ImagePreparer;
import io.placebench.inference.domain.PreparedImage;
import io.placebench.inference.domain.Prompt;
import io.placebench.inference.domain.Prompts;
import io.placebench.inference.domain.ProviderUsage;
import io.placebench.inference.domain.RetryPolicy;
import io.placebench.inference.repository.Ledger;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Answers one {@link InferenceRequested}: claim the (run, image) in the ledger, fetch and prepare the image,
 * call the provider (retrying what may be retried), price the tokens, record the outcome and publish one
 * {@link PredictionMade}. A request whose pair is already done re-publishes the stored event without calling
 * the provider; one whose pair another worker is working on is dropped (that worker publishes).
 */
@ApplicationScoped
public class InferenceService {

    private static final Logger LOG = Logger.getLogger(InferenceService.class);

    @Inject
    Ledger ledger;

    @Inject
    ProviderRegistry providers;

    @Inject
    BlobFetcher blobs;

    @Inject
    Prices prices;

    @Inject
    InferenceMetrics metrics;

    @Inject
    InferenceConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    @Channel("predictions")
    MutinyEmitter<Record<String, PredictionMade>> predictions;

    private ImagePreparer preparer;

    @PostConstruct
    void init() {
        InferenceConfig.Image image = config.image();
        preparer = new ImagePreparer(image.maxSide(), image.jpegQuality(), image.maxSourcePixels());
    }

    /** What came of one request before it becomes an event. */
    record Outcome(PredictionStatus status, GeoAnswer answer, String error, Integer httpStatus, String rawResponse,
            TokenUsage usage, BigDecimal costUsd, long latencyMs, int attempts, PreparedImage image) {

        static Outcome failedBeforeCall(String error, PreparedImage image) {
            return new Outcome(PredictionStatus.API_ERROR, null, error, null, null, TokenUsage.NONE, BigDecimal.ZERO,
                    0, 0, image);
        }
    }

    public void handle(InferenceRequested request) {
        Optional<Prompt> prompt = Prompts.byId(request.promptId());
        Ledger.Claim claim = ledger.claim(request, prompt.map(Prompt::hash).orElse(null));
        if (claim instanceof Ledger.Claim.Done done) {
            LOG.debugf("%s/%s was answered before: re-publishing the stored prediction", request.runId(),
                    request.imageId());
            metrics.duplicate("republished");
            publish(read(done.eventJson()));
            return;
        }
        if (claim instanceof Ledger.Claim.Busy busy) {
            LOG.infof("%s/%s is being answered by another worker (claimed %s): skipping this copy", request.runId(),
                    request.imageId(), busy.claimedAt());
            metrics.duplicate("busy");
            return;
        }
        Ledger.Claim.Claimed claimed = (Ledger.Claim.Claimed) claim;
        if (claimed.takenOver()) {
            LOG.warnf("%s/%s: took over a stale claim; the provider is called again", request.runId(),
                    request.imageId());
        }
        metrics.started();
        try {
            Outcome outcome = infer(request, prompt);
            PredictionMade event = toEvent(request, prompt, outcome);
            String eventJson = write(event);
            String stored = ledger.complete(claimed.token(), event, eventJson, outcome.image());
            metrics.record(event);
            publish(stored.equals(eventJson) ? event : read(stored));
        } catch (RuntimeException e) {
            ledger.release(request.runId(), request.imageId(), claimed.token());
            throw e;
        } finally {
            metrics.finished();
        }
    }

    Outcome infer(InferenceRequested request, Optional<Prompt> prompt) {
        Optional<ModelProvider> found = providers.get(request.provider());
        if (found.isEmpty()) {
            return Outcome.failedBeforeCall("unknown provider '" + request.provider() + "' (configured: "
                    + providers.names() + ")", null);
        }
        ModelProvider provider = found.get();
        if (prompt.isEmpty()) {
            return Outcome.failedBeforeCall("unknown prompt id '" + request.promptId() + "' (known: "
                    + Prompts.IMAGEO.id() + ")", null);
        }
        RetryPolicy policy = providers.retryPolicy();
        byte[] bytes;
        try {
            bytes = fetch(request.blobUrl(), policy);
        } catch (BlobFetchException e) {
            return Outcome.failedBeforeCall("image: " + e.getMessage(), null);
        }
        if (request.sha256() != null && !request.sha256().equalsIgnoreCase(Prompt.sha256Hex(bytes))) {
            return Outcome.failedBeforeCall("image: the bytes at " + request.blobUrl()
                    + " do not have the sha256 of the request (" + request.sha256() + ")", null);
        }
        PreparedImage image;
        try {
            image = preparer.prepare(bytes);
        } catch (ImagePreparationException e) {
            return Outcome.failedBeforeCall("image: " + e.getMessage(), null);
        }
        ModelProvider.PreparedCall call;
        try {
            call = provider.prepare(request.model(), prompt.get(), image, request.parameters());
        } catch (IllegalArgumentException e) {
            return Outcome.failedBeforeCall("invalid run parameters: " + e.getMessage(), image);
        }
        return callWithRetries(provider, call, image, policy);
    }

    private Outcome callWithRetries(ModelProvider provider, ModelProvider.PreparedCall call, PreparedImage image,
            RetryPolicy policy) {
        long imageTokens = provider.imageTokens(call.model(), image);
        TokenUsage tokens = TokenUsage.NONE;
        BigDecimal cost = BigDecimal.ZERO;
        int attempts = 0;
        Attempt last;
        while (true) {
            attempts++;
            last = provider.send(call);
            ProviderUsage usage = last.usage();
            if (usage != null) {
                // Every attempt that reported usage was billed, so it counts, retried or not.
                tokens = tokens.plus(new TokenUsage(usage.prompt(), usage.completion(), usage.cached(),
                        usage.reasoning(), imageTokens));
                cost = cost.add(prices.cost(call.model(), usage));
            }
            if (!last.retryable() || attempts > policy.maxRetries()) {
                break;
            }
            Duration wait = policy.delay(attempts, last.retryAfter(), ThreadLocalRandom.current().nextDouble());
            LOG.infof("%s/%s attempt %d: %s; retrying in %d ms", provider.name(), call.model(), attempts,
                    last.error(), wait.toMillis());
            if (!sleep(wait)) {
                break;
            }
        }
        return new Outcome(last.status(), last.answer(), last.error(), last.httpStatus(), last.rawResponse(),
                tokens, cost, last.latencyMs(), attempts, image);
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
        return new PredictionMade(UUID.randomUUID().toString(), PredictionMade.SCHEMA_VERSION, Instant.now(),
                request.runId(), request.datasetId(), request.imageId(), request.provider(), request.model(),
                request.promptId(), prompt.map(Prompt::hash).orElse(null), simulated, o.status(), o.answer(),
                o.rawResponse(), o.error(), o.httpStatus(), o.usage(), cost, o.latencyMs(), o.attempts());
    }

    private void publish(PredictionMade event) {
        predictions.sendAndAwait(Record.of(Topics.runImageKey(event.runId(), event.imageId()), event));
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
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

    private PredictionMade read(String eventJson) {
        try {
            return json.readValue(eventJson, PredictionMade.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The ledger holds an unreadable prediction", e);
        }
    }
}
