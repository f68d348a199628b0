package io.placebench.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.ImportedResult;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.ingest.config.PublicUrl;
import io.placebench.ingest.config.RunsConfig;
import io.placebench.ingest.domain.DatasetIds;
import io.placebench.ingest.domain.ImageFields;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.domain.RunLifecycle;
import io.placebench.ingest.domain.RunLifecycle.Action;
import io.placebench.ingest.domain.RunMode;
import io.placebench.ingest.messaging.EventPublisher;
import io.placebench.ingest.repository.Dataset;
import io.placebench.ingest.repository.Run;
import io.placebench.ingest.service.Views.DryRunView;
import io.placebench.ingest.service.Views.ModelRef;
import io.placebench.ingest.service.Views.RetryView;
import io.placebench.ingest.service.Views.RunBatchRequest;
import io.placebench.ingest.service.Views.RunEstimate;
import io.placebench.ingest.service.Views.RunProgress;
import io.placebench.ingest.service.Views.RunRequest;
import io.placebench.ingest.service.Views.RunView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Runs: creation (one or a batch, with a dry run and a confirmation above a threshold), the fan-out of
 * inference requests, the lifecycle (start, pause, resume, cancel, retry of failed images), open runs that
 * follow new images, imported runs, and the predictions seen for each (run, image).
 *
 * <p>Every image a run covers has a {@code run_image} row; a request is marked sent in the same transaction
 * that awaited its acknowledgement by Kafka, under a lock on the run's row, so a run is fanned out once however
 * many imports, actions and sweeps happen at the same time (a request is published again only if a commit
 * fails after its acknowledgement: consumers are idempotent).
 */
@ApplicationScoped
public class RunService {

    public static final String SIMULATOR = "simulator";
    public static final List<PredictionStatus> DEFAULT_RETRY = List.of(PredictionStatus.API_ERROR,
            PredictionStatus.TIMEOUT);
    private static final Logger LOG = Logger.getLogger(RunService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    EventPublisher publisher;

    @Inject
    PublicUrl publicUrl;

    @Inject
    RunsConfig config;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema", defaultValue = "ingest")
    String schema;

    /** A validated run to create. */
    record Plan(String datasetId, String provider, String model, String promptId, Map<String, Object> parameters,
            RunMode mode, BigDecimal budgetUsd, boolean start) {

        boolean simulated() {
            return SIMULATOR.equals(provider);
        }
    }

    // ---------------------------------------------------------------- creation

    /** Creates a run (a {@link RunView}), or answers its estimate (a {@link DryRunView}) for a dry run. */
    public Object create(RunRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required", List.of());
        }
        List<Problem> problems = new ArrayList<>();
        RunMode mode = mode(request.mode(), problems);
        checkBudget(request.budgetUsd(), problems);
        Plan plan = plan(request.datasetId(), request.provider(), request.model(), request.promptId(),
                request.parameters(), mode, request.budgetUsd(), !Boolean.FALSE.equals(request.start()), problems);
        Object result = createAll(List.of(plan), problems, Boolean.TRUE.equals(request.dryRun()),
                Boolean.TRUE.equals(request.confirm()));
        return result instanceof List<?> list ? list.get(0) : result;
    }

    /** Creates every combination of a batch request (a list of {@link RunView}), or answers the estimate. */
    public Object createBatch(RunBatchRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required", List.of());
        }
        List<Problem> problems = new ArrayList<>();
        RunMode mode = mode(request.mode(), problems);
        checkBudget(request.budgetUsd(), problems);
        List<String> datasetIds = oneOrMany("datasetId", request.datasetId(), "datasetIds", request.datasetIds(),
                problems);
        List<String> promptIds = oneOrMany("promptId", request.promptId(), "promptIds", request.promptIds(), problems);
        List<Map<String, Object>> parameterSets = request.parameterSets() != null && !request.parameterSets().isEmpty()
                ? request.parameterSets()
                : java.util.Collections.singletonList(request.parameters() == null ? Map.of() : request.parameters());
        List<ModelRef> models = request.models() == null ? List.of() : request.models();
        if (models.isEmpty()) {
            problems.add(new Problem("models", null, "models is required: [{\"provider\": ..., \"model\": ...}]"));
        }
        List<Plan> plans = new ArrayList<>();
        boolean start = !Boolean.FALSE.equals(request.start());
        for (String datasetId : datasetIds) {
            for (ModelRef model : models) {
                for (String promptId : promptIds) {
                    for (Map<String, Object> parameters : parameterSets) {
                        plans.add(plan(datasetId, model == null ? null : model.provider(),
                                model == null ? null : model.model(), promptId, parameters, mode,
                                request.budgetUsd(), start, problems));
                    }
                }
            }
        }
        return createAll(plans, problems, Boolean.TRUE.equals(request.dryRun()),
                Boolean.TRUE.equals(request.confirm()));
    }

    private Object createAll(List<Plan> plans, List<Problem> problems, boolean dryRun, boolean confirm) {
        Map<String, Long> images = new HashMap<>();
        if (problems.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> {
                for (Plan plan : plans) {
                    if (images.containsKey(plan.datasetId())) {
                        continue;
                    }
                    if (Dataset.findById(plan.datasetId()) == null) {
                        problems.add(new Problem("datasetId", plan.datasetId(), "dataset " + plan.datasetId()
                                + " does not exist"));
                        images.put(plan.datasetId(), -1L);
                        continue;
                    }
                    images.put(plan.datasetId(), imagesWithBytes(plan.datasetId()));
                }
                for (Plan plan : plans) {
                    long count = images.get(plan.datasetId());
                    if (count == 0 && plan.mode() == RunMode.SNAPSHOT) {
                        long truthOnly = countAll(plan.datasetId());
                        add(problems, new Problem("datasetId", plan.datasetId(), "dataset " + plan.datasetId()
                                + " has no images" + (truthOnly > 0 ? " with bytes (only the truth of " + truthOnly
                                        + " images)" : "") + " (an open run may start empty)"));
                    }
                }
            });
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid run: " + String.join("; ",
                    problems.stream().map(Problem::reason).distinct().toList()), problems);
        }
        List<RunEstimate> estimates = plans.stream().map(p -> new RunEstimate(p.datasetId(), p.provider(), p.model(),
                p.promptId(), p.parameters(), p.mode().label(), p.simulated(), images.get(p.datasetId()),
                p.budgetUsd())).toList();
        long requests = estimates.stream().mapToLong(RunEstimate::images).sum();
        long billable = estimates.stream().filter(e -> !e.simulated()).mapToLong(RunEstimate::images).sum();
        boolean confirmationRequired = billable > config.confirmAbove();
        if (dryRun) {
            return new DryRunView(true, estimates, requests, billable, config.confirmAbove(), confirmationRequired);
        }
        if (confirmationRequired && !confirm) {
            String reason = billable + " billable requests exceed placebench.runs.confirm-above = "
                    + config.confirmAbove() + ": repeat the request with \"confirm\": true (\"dryRun\": true shows "
                    + "the estimate)";
            throw new ApiException(409, "confirmation required: " + reason,
                    List.of(new Problem("confirm", null, reason)));
        }
        List<RunView> created = new ArrayList<>();
        for (Plan plan : plans) {
            created.add(createRun(plan));
        }
        return created;
    }

    private Plan plan(String rawDataset, String rawProvider, String rawModel, String rawPrompt,
            Map<String, Object> rawParameters, RunMode mode, BigDecimal budget, boolean start, List<Problem> problems) {
        String datasetId = ImageFields.clean(rawDataset);
        String provider = ImageFields.clean(rawProvider);
        String model = ImageFields.clean(rawModel);
        String promptId = ImageFields.clean(rawPrompt);
        if (datasetId == null) {
            add(problems, new Problem("datasetId", rawDataset, "datasetId is required"));
        } else {
            DatasetIds.problem(datasetId).ifPresent(r -> add(problems, new Problem("datasetId", datasetId, r)));
        }
        required("provider", provider, rawProvider, problems);
        required("model", model, rawModel, problems);
        required("promptId", promptId, rawPrompt, problems);
        Map<String, Object> parameters = new LinkedHashMap<>(rawParameters == null ? Map.of() : rawParameters);
        if (budget != null) {
            parameters.put("budgetUsd", budget);
        }
        return new Plan(datasetId, provider, model, promptId, parameters, mode, budget, start);
    }

    private static void add(List<Problem> problems, Problem problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    private static RunMode mode(String raw, List<Problem> problems) {
        return RunMode.requestable(raw).orElseGet(() -> {
            problems.add(new Problem("mode", raw, "mode must be snapshot or open"));
            return RunMode.SNAPSHOT;
        });
    }

    private static void checkBudget(BigDecimal budget, List<Problem> problems) {
        if (budget != null && budget.signum() < 0) {
            problems.add(new Problem("budgetUsd", budget.toPlainString(), "budgetUsd must be 0 or more"));
        }
    }

    private static List<String> oneOrMany(String oneField, String one, String manyField, List<String> many,
            List<Problem> problems) {
        if (many != null && !many.isEmpty()) {
            return many;
        }
        if (ImageFields.clean(one) == null) {
            problems.add(new Problem(oneField, one, oneField + " (or " + manyField + ") is required"));
            return List.of();
        }
        return List.of(one);
    }

    private RunView createRun(Plan plan) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Run run = new Run();
        run.id = "run-" + HexFormat.of().formatHex(randomBytes(6));
        run.datasetId = plan.datasetId();
        run.provider = plan.provider();
        run.model = plan.model();
        run.promptId = plan.promptId();
        run.parameters = write(plan.parameters());
        run.simulated = plan.simulated();
        run.status = RunStatus.CREATED.name();
        run.expectedCount = 0;
        run.createdAt = now;
        run.updatedAt = now;
        run.mode = plan.mode().name();
        run.budgetUsd = plan.budgetUsd();
        QuarkusTransaction.requiringNew().run(run::persist);
        registry.counter("placebench.ingest.runs.created").increment();
        try {
            publisher.runChanged(changed(run, RunStatus.CREATED, null));
            if (plan.start()) {
                transition(run.id, Action.START, null, "started");
            }
        } catch (RuntimeException e) {
            if (e instanceof ApiException) {
                throw e;
            }
            throw new ApiException(503, "run " + run.id + " was created but its events could not all be published: "
                    + e.getMessage() + " (POST /api/runs/" + run.id + "/start sends what is missing)", e);
        }
        RunView view = get(run.id);
        LOG.infof("Run %s (%s): %s/%s prompt %s over %d images of %s", run.id, plan.mode().label(), run.provider,
                run.model, run.promptId, view.expectedCount(), run.datasetId);
        return view;
    }

    // ---------------------------------------------------------------- lifecycle

    public RunView start(String id) {
        return transition(id, Action.START, null, "started");
    }

    public RunView pause(String id) {
        return transition(id, Action.PAUSE, null, "paused");
    }

    public RunView resume(String id, BigDecimal budgetUsd) {
        List<Problem> problems = new ArrayList<>();
        checkBudget(budgetUsd, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(problems.get(0).reason(), problems);
        }
        return transition(id, Action.RESUME, budgetUsd, budgetUsd == null ? "resumed"
                : "resumed with a budget of " + budgetUsd.toPlainString() + " USD");
    }

    public RunView cancel(String id) {
        return transition(id, Action.CANCEL, null, "cancelled");
    }

    /**
     * Applies a lifecycle action: under the run's row lock the status changes and its event is published
     * (a failure rolls the change back: 503); a run that is (still) running then sends what is unsent.
     */
    private RunView transition(String id, Action action, BigDecimal budget, String reason) {
        boolean[] changed = {false};
        RunStatus next = QuarkusTransaction.requiringNew().call(() -> {
            Run run = lockRun(id);
            RunStatus current = RunStatus.valueOf(run.status);
            RunLifecycle.Decision decision = RunLifecycle.decide(action, current, RunMode.of(run.mode));
            if (decision.refused()) {
                throw new ApiException(409, "run " + id + ": " + decision.refusal(),
                        List.of(new Problem("status", run.status, decision.refusal())));
            }
            if (budget != null) {
                Map<String, Object> parameters = read(run.parameters);
                parameters.put("budgetUsd", budget);
                run.parameters = write(parameters);
                run.budgetUsd = budget;
            }
            if (decision.changes()) {
                run.status = decision.next().name();
                run.statusReason = reason;
                run.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                changed[0] = true;
            }
            if (action == Action.RESUME && decision.changes()) {
                // inference drops the requests of a paused run: send again what was sent but never answered
                // (the same attempt, so one that was answered after all is not paid twice)
                em.createNativeQuery("""
                        update {h-schema}run_image set sent_at = null, resend = true
                        where run_id = :run and sent_at is not null and predicted_at is null""")
                        .setParameter("run", id)
                        .executeUpdate();
            }
            RunMode mode = RunMode.of(run.mode);
            if (decision.next() == RunStatus.RUNNING
                    && (mode == RunMode.OPEN || mode == RunMode.SNAPSHOT && current == RunStatus.CREATED)) {
                fill(run, null);
            }
            if (decision.changes() && decision.next() != RunStatus.RUNNING) {
                publisher.runChanged(changed(run, decision.next(), reason));
            }
            return decision.next();
        });
        if (next == RunStatus.RUNNING) {
            long sent = dispatch(id);
            if (changed[0] || sent > 0) {
                announceRunning(id, changed[0] ? reason : sent + " requests sent");
            }
        }
        return get(id);
    }

    /** Sends the failed images of a run again (statuses default to API_ERROR and TIMEOUT), each as a new attempt. */
    public RetryView retry(String id, List<String> rawStatuses) {
        List<PredictionStatus> statuses = retryStatuses(rawStatuses);
        int[] retried = {0};
        boolean[] reopened = {false};
        RunStatus status = QuarkusTransaction.requiringNew().call(() -> {
            Run run = lockRun(id);
            RunLifecycle.Decision decision = RunLifecycle.decide(Action.RETRY, RunStatus.valueOf(run.status),
                    RunMode.of(run.mode));
            if (decision.refused()) {
                throw new ApiException(409, "run " + id + ": " + decision.refusal(),
                        List.of(new Problem("status", run.status, decision.refusal())));
            }
            retried[0] = em.createNativeQuery("""
                    update {h-schema}run_image
                    set attempt = attempt + 1, sent_at = null, status = null, predicted_at = null
                    where run_id = :run and status in (:statuses)""")
                    .setParameter("run", id)
                    .setParameter("statuses", statuses.stream().map(Enum::name).toList())
                    .executeUpdate();
            if (retried[0] > 0 && decision.changes()) {
                run.status = decision.next().name();
                run.statusReason = "retrying failed images";
                run.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                reopened[0] = true;
            }
            return RunStatus.valueOf(run.status);
        });
        if (retried[0] > 0 && status == RunStatus.RUNNING) {
            dispatch(id);
            announceRunning(id, "retrying " + retried[0] + " images (" + String.join(", ",
                    statuses.stream().map(Enum::name).toList()) + ")");
        }
        registry.counter("placebench.ingest.runs.retried.images").increment(retried[0]);
        LOG.infof("Run %s: %d images to retry (%s)%s", id, retried[0], statuses,
                reopened[0] ? ", run running again" : "");
        return new Views.RetryView(id, statuses.stream().map(Enum::name).toList(), retried[0], get(id));
    }

    private static List<PredictionStatus> retryStatuses(List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_RETRY;
        }
        List<PredictionStatus> statuses = new ArrayList<>();
        for (String value : raw) {
            PredictionStatus status;
            try {
                status = PredictionStatus.valueOf(value == null ? "" : value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("unknown status '" + value + "'", List.of(new Problem("statuses",
                        value, "expected one of " + Arrays.toString(PredictionStatus.values()))));
            }
            if (status == PredictionStatus.OK) {
                throw ApiException.badRequest("OK predictions are not retried",
                        List.of(new Problem("statuses", value, "OK predictions are not retried")));
            }
            statuses.add(status);
        }
        return statuses;
    }

    // ---------------------------------------------------------------- fan-out

    /**
     * Under the run's lock: adds the images the run covers to {@code run_image} — all images with bytes of the
     * dataset, or only {@code imageIds} (snapshot runs are filled once, when they start; open runs whenever
     * they start or resume and as images arrive). Takes the dataset's lock first so
     * that an import committing at the same time is either seen here or sees this run as running.
     */
    private void fill(Run run, List<String> imageIds) {
        if (RunMode.of(run.mode) == RunMode.IMPORTED) {
            return;
        }
        DatasetService.lockDataset(em, run.datasetId);
        var query = em.createNativeQuery("""
                insert into {h-schema}run_image (run_id, image_id)
                select :run, i.image_id from {h-schema}image i
                where i.dataset_id = :dataset and i.sha256 is not null"""
                + (imageIds == null ? "" : " and i.image_id in (:ids)") + """

                on conflict do nothing""")
                .setParameter("run", run.id)
                .setParameter("dataset", run.datasetId);
        if (imageIds != null) {
            query.setParameter("ids", imageIds);
        }
        query.executeUpdate();
    }

    /** New images (with bytes) were stored and announced: the dataset's open runs take them. */
    public void imagesAdded(String datasetId, List<String> imageIds) {
        List<String> runIds = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select r.id from Run r where r.datasetId = :dataset and r.mode = :mode and r.status in :statuses",
                String.class)
                .setParameter("dataset", datasetId)
                .setParameter("mode", RunMode.OPEN.name())
                .setParameter("statuses", List.of(RunStatus.RUNNING.name(), RunStatus.PAUSED.name()))
                .getResultList());
        for (String runId : runIds) {
            try {
                boolean running = QuarkusTransaction.requiringNew().call(() -> {
                    Run run = lockRun(runId);
                    if (!RunMode.of(run.mode).equals(RunMode.OPEN)) {
                        return false;
                    }
                    fill(run, imageIds);
                    return RunStatus.RUNNING.name().equals(run.status);
                });
                if (running) {
                    long sent = dispatch(runId);
                    if (sent > 0) {
                        announceRunning(runId, sent + " new images");
                    }
                }
            } catch (RuntimeException e) {
                // The rows are stored: what could not be sent now goes with the next dispatch or sweep.
                LOG.errorf(e, "Run %s: could not send the new images of %s now", runId, datasetId);
            }
        }
    }

    /**
     * Publishes the unsent requests of a running run, {@code placebench.runs.fanout-chunk} at a time; each chunk
     * is marked sent in the transaction that awaited its acknowledgements, under the run's lock. Stops as soon
     * as the run is no longer running (paused, cancelled). Answers the number of requests sent.
     */
    long dispatch(String runId) {
        long sent = 0;
        int chunk = Math.max(1, config.fanoutChunk());
        while (true) {
            int n = QuarkusTransaction.requiringNew().timeout(600).call(() -> {
                Run run = em.find(Run.class, runId, LockModeType.PESSIMISTIC_WRITE);
                if (run == null || !RunStatus.RUNNING.name().equals(run.status)) {
                    return 0;
                }
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery("""
                        select ri.image_id, ri.attempt, ri.imported, i.sha256, i.media_type, ri.resend
                        from {h-schema}run_image ri
                        join {h-schema}image i on i.dataset_id = :dataset and i.image_id = ri.image_id
                        where ri.run_id = :run and ri.sent_at is null
                        order by ri.image_id
                        limit :limit""")
                        .setParameter("dataset", run.datasetId)
                        .setParameter("run", runId)
                        .setParameter("limit", chunk)
                        .getResultList();
                if (rows.isEmpty()) {
                    return 0;
                }
                Map<String, Object> parameters = read(run.parameters);
                Instant at = Instant.now();
                List<InferenceRequested> requests = new ArrayList<>(rows.size());
                List<String> ids = new ArrayList<>(rows.size());
                int firstAttempts = 0;
                for (Object[] r : rows) {
                    String imageId = (String) r[0];
                    int attempt = ((Number) r[1]).intValue();
                    if (attempt == 1 && !Boolean.TRUE.equals(r[5])) {
                        firstAttempts++;
                    }
                    ImportedResult imported = r[2] == null ? null : readImported((String) r[2]);
                    String sha = r[3] == null ? null : ((String) r[3]).trim();
                    requests.add(new InferenceRequested(UUID.randomUUID().toString(), InferenceRequested.SCHEMA_VERSION,
                            at, run.id, run.datasetId, imageId, sha, (String) r[4],
                            sha == null ? null : publicUrl.blobUrl(sha), run.provider, run.model, run.promptId,
                            parameters, attempt, imported));
                    ids.add(imageId);
                }
                publisher.inferenceRequests(requests);
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                em.createNativeQuery(
                        "update {h-schema}run_image set sent_at = :now, resend = false "
                                + "where run_id = :run and image_id in (:ids)")
                        .setParameter("now", now)
                        .setParameter("run", runId)
                        .setParameter("ids", ids)
                        .executeUpdate();
                run.expectedCount += firstAttempts; // retried and re-sent images were counted when first sent
                run.updatedAt = now;
                registry.counter("placebench.ingest.requests.sent").increment(requests.size());
                return requests.size();
            });
            if (n == 0) {
                return sent;
            }
            sent += n;
            if (n < chunk) {
                return sent;
            }
        }
    }

    /** Publishes {@code runs} RUNNING with the current expected count. */
    private void announceRunning(String runId, String reason) {
        Run run = QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(runId));
        if (run != null && RunStatus.RUNNING.name().equals(run.status)) {
            publisher.runChanged(changed(run, RunStatus.RUNNING, reason));
        }
    }

    /**
     * Runs still running with unsent requests that nobody touched for {@code placebench.runs.sweep-after}
     * (their publication failed): send them now.
     */
    @Scheduled(every = "${placebench.runs.sweep-every:15s}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant before = Instant.now().minus(config.sweepAfter());
        List<String> stale;
        try {
            stale = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                    select r.id from {h-schema}run r where r.status = :running and r.updated_at < :before
                    and exists (select 1 from {h-schema}run_image ri where ri.run_id = r.id and ri.sent_at is null)""",
                    String.class)
                    .setParameter("running", RunStatus.RUNNING.name())
                    .setParameter("before", before)
                    .getResultList());
        } catch (RuntimeException e) {
            LOG.debugf("Sweep skipped: %s", e.getMessage());
            return;
        }
        for (String runId : stale) {
            try {
                long sent = dispatch(runId);
                if (sent > 0) {
                    LOG.infof("Run %s: sent %d requests left unsent", runId, sent);
                    announceRunning(runId, sent + " requests sent after a failed publication");
                }
            } catch (RuntimeException e) {
                LOG.warnf("Run %s: unsent requests still cannot be sent: %s", runId, e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- predictions

    /**
     * Records the status of a prediction for its (run, image). A BUDGET_EXHAUSTED prediction stops a running run
     * (status BUDGET_EXHAUSTED); a snapshot or imported run with a prediction for every image is COMPLETED.
     * Predictions of unknown pairs, and of images reset for a retry and not yet sent again, are ignored.
     */
    public void onPrediction(PredictionMade prediction) {
        if (prediction.runId() == null || prediction.imageId() == null || prediction.status() == null) {
            return;
        }
        int updated = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                update {h-schema}run_image set status = :status, predicted_at = :now
                where run_id = :run and image_id = :image and sent_at is not null""")
                .setParameter("status", prediction.status().name())
                .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setParameter("run", prediction.runId())
                .setParameter("image", prediction.imageId())
                .executeUpdate());
        if (updated == 0) {
            return;
        }
        if (prediction.status() == PredictionStatus.BUDGET_EXHAUSTED) {
            QuarkusTransaction.requiringNew().run(() -> {
                Run run = em.find(Run.class, prediction.runId(), LockModeType.PESSIMISTIC_WRITE);
                if (run != null && RunStatus.RUNNING.name().equals(run.status)) {
                    run.status = RunStatus.BUDGET_EXHAUSTED.name();
                    run.statusReason = "budget exhausted (inference refused image " + prediction.imageId() + ")";
                    run.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    publisher.runChanged(changed(run, RunStatus.BUDGET_EXHAUSTED, run.statusReason));
                }
            });
            return;
        }
        if (unanswered(prediction.runId()) > 0) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Run run = em.find(Run.class, prediction.runId(), LockModeType.PESSIMISTIC_WRITE);
            if (run == null || !RunStatus.RUNNING.name().equals(run.status) || RunMode.of(run.mode) == RunMode.OPEN
                    || unanswered(run.id) > 0) {
                return;
            }
            run.status = RunStatus.COMPLETED.name();
            run.statusReason = "every image has a prediction";
            run.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            publisher.runChanged(changed(run, RunStatus.COMPLETED, run.statusReason));
            LOG.infof("Run %s completed: %d images", run.id, run.expectedCount);
        });
    }

    private long unanswered(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from {h-schema}run_image where run_id = :run and status is null")
                .setParameter("run", runId).getSingleResult()).longValue());
    }

    // ---------------------------------------------------------------- imported runs

    /** One recorded answer to import: the image and what was recorded. */
    public record ImportedAnswer(String imageId, ImportedResult result) {
    }

    /**
     * Creates a completed-in-advance run from recorded answers (or, when {@code runId} exists already, only sends
     * what is still unsent): {@code runs} CREATED, one request per answer with {@code imported} set, then
     * RUNNING; it becomes COMPLETED when inference has published every prediction. Answers true when the run
     * already existed.
     */
    public boolean importRun(String runId, String datasetId, String provider, String model, String promptId,
            String source, List<ImportedAnswer> answers) {
        String status = QuarkusTransaction.requiringNew().call(() -> {
            Run existing = Run.findById(runId);
            return existing == null ? null : existing.status;
        });
        if (status != null) {
            // Imported before: only send what a failed publication may have left unsent.
            if (RunStatus.CREATED.name().equals(status) || RunStatus.RUNNING.name().equals(status)) {
                transition(runId, Action.START, null, "imported from " + source);
            }
            return true;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("imported", true);
        parameters.put("source", source);
        Run run = new Run();
        run.id = runId;
        run.datasetId = datasetId;
        run.provider = provider;
        run.model = model;
        run.promptId = promptId;
        run.parameters = write(parameters);
        run.simulated = SIMULATOR.equals(provider);
        run.status = RunStatus.CREATED.name();
        run.createdAt = now;
        run.updatedAt = now;
        run.mode = RunMode.IMPORTED.name();
        run.source = source;
        QuarkusTransaction.requiringNew().run(() -> {
            run.persist();
            em.flush();
            em.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into " + schema + ".run_image (run_id, image_id, imported) values (?, ?, ?)")) {
                    int pending = 0;
                    for (ImportedAnswer answer : answers) {
                        insert.setString(1, runId);
                        insert.setString(2, answer.imageId());
                        insert.setString(3, writeJson(answer.result()));
                        insert.addBatch();
                        if (++pending == 500) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        insert.executeBatch();
                    }
                }
            });
        });
        registry.counter("placebench.ingest.runs.imported").increment();
        publisher.runChanged(changed(run, RunStatus.CREATED, "imported from " + source));
        transition(runId, Action.START, null, "imported from " + source);
        return false;
    }

    // ---------------------------------------------------------------- views

    public List<RunView> list() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, RunProgress> progress = progress(null);
            return em.createQuery("from Run r order by r.createdAt desc, r.id", Run.class).getResultList().stream()
                    .map(r -> view(r, progress.getOrDefault(r.id, new RunProgress(0, 0, 0, 0)))).toList();
        });
    }

    public RunView get(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(id);
            if (run == null) {
                throw notFound(id);
            }
            return view(run, progress(id).getOrDefault(id, new RunProgress(0, 0, 0, 0)));
        });
    }

    private Map<String, RunProgress> progress(String runId) {
        Map<String, RunProgress> progress = new HashMap<>();
        var query = em.createNativeQuery("""
                select run_id, count(*), count(sent_at), count(status),
                       count(*) filter (where status in ('API_ERROR', 'TIMEOUT'))
                from {h-schema}run_image""" + (runId == null ? "" : " where run_id = :run") + " group by run_id");
        if (runId != null) {
            query.setParameter("run", runId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        for (Object[] r : rows) {
            progress.put((String) r[0], new RunProgress(((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue(), ((Number) r[4]).longValue()));
        }
        return progress;
    }

    private Run lockRun(String id) {
        Run run = em.find(Run.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            throw notFound(id);
        }
        return run;
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "run " + id + " not found", List.of(new Problem("id", id, "not found")));
    }

    private long imagesWithBytes(String datasetId) {
        return em.createQuery(
                "select count(i) from StoredImage i where i.datasetId = :dataset and i.sha256 is not null", Long.class).setParameter("dataset", datasetId).getSingleResult();
    }

    private long countAll(String datasetId) {
        return em.createQuery("select count(i) from StoredImage i where i.datasetId = :dataset", Long.class)
                .setParameter("dataset", datasetId).getSingleResult();
    }

    private RunChanged changed(Run run, RunStatus status, String reason) {
        return new RunChanged(UUID.randomUUID().toString(), RunChanged.SCHEMA_VERSION, Instant.now(), run.id,
                run.datasetId, run.provider, run.model, run.promptId, read(run.parameters), run.simulated, status,
                run.expectedCount, reason, null);
    }

    private RunView view(Run r, RunProgress progress) {
        return new RunView(r.id, r.datasetId, r.provider, r.model, r.promptId, read(r.parameters), r.simulated,
                r.status, r.expectedCount, r.createdAt, r.updatedAt, RunMode.of(r.mode).label(), r.budgetUsd,
                r.source, r.statusReason, progress);
    }

    private static void required(String field, String cleaned, String raw, List<Problem> problems) {
        if (cleaned == null) {
            add(problems, new Problem(field, raw, field + " is required"));
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private String write(Map<String, Object> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("parameters cannot be written as JSON: " + e.getOriginalMessage(),
                    List.of(new Problem("parameters", null, "not serialisable")));
        }
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ImportedResult readImported(String text) {
        try {
            return json.readValue(text, ImportedResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored imported result is not JSON: " + text, e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return text == null ? new LinkedHashMap<>() : json.readValue(text,
                    new TypeReference<LinkedHashMap<String, Object>>() {
                    });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run parameters are not a JSON object: " + text, e);
        }
    }
}
