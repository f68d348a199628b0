package io.placebench.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.ImportedResult;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunStatus;
import io.placebench.ingest.config.RunsConfig;
import io.placebench.ingest.domain.DatasetIds;
import io.placebench.ingest.domain.ImageFields;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.domain.RunLifecycle;
import io.placebench.ingest.domain.RunLifecycle.Action;
import io.placebench.ingest.domain.RunMode;
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
    RunEvents events;

    @Inject
    RequestDispatcher dispatcher;

    @Inject
    AnswerTracker answers;

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
        run.generation = 1; // creating is the first decision
        QuarkusTransaction.requiringNew().run(() -> {
            run.persist();
            events.announce(run, RunStatus.CREATED, null);
        });
        registry.counter("placebench.ingest.runs.created").increment();
        if (plan.start()) {
            transition(run.id, Action.START, null, "started");
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
     * Applies a lifecycle action in one transaction under the run's row lock: the new status and generation, the
     * requests a running run still has to send and its {@code runs} event, all appended to the outbox together.
     */
    private RunView transition(String id, Action action, BigDecimal budget, String reason) {
        QuarkusTransaction.requiringNew().timeout(600).run(() -> {
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
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            if (decision.changes()) {
                run.decide(decision.next(), reason, now);
            }
            if (action == Action.RESUME && decision.changes()) {
                // what was sent but never answered is sent again (the same attempt: free thanks to inference's
                // ledger), so a run halted by a model error or a budget gets every answer after a resume
                em.createNativeQuery("""
                        update {h-schema}run_image set sent_at = null, resend = true
                        where run_id = :run and sent_at is not null and predicted_at is null""")
                        .setParameter("run", id)
                        .executeUpdate();
            }
            RunMode mode = RunMode.of(run.mode);
            if (decision.next() == RunStatus.RUNNING
                    && (mode == RunMode.OPEN || mode == RunMode.SNAPSHOT && current == RunStatus.CREATED)) {
                dispatcher.fill(run, null);
            }
            long sent = decision.next() == RunStatus.RUNNING ? dispatcher.dispatch(run) : 0;
            if (decision.changes() || sent > 0) {
                events.announce(run, decision.next(), decision.changes() ? reason : sent + " requests sent");
            }
            if (decision.next() == RunStatus.RUNNING) {
                answers.completeIfDone(run); // everything may have been answered while it was paused
            }
        });
        return get(id);
    }

    /** Sends the failed images of a run again (statuses default to API_ERROR and TIMEOUT), each as a new attempt. */
    public RetryView retry(String id, List<String> rawStatuses) {
        List<PredictionStatus> statuses = retryStatuses(rawStatuses);
        int[] retried = {0};
        boolean[] reopened = {false};
        QuarkusTransaction.requiringNew().timeout(600).run(() -> {
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
            if (retried[0] == 0) {
                return;
            }
            String reason = "retrying " + retried[0] + " images (" + String.join(", ",
                    statuses.stream().map(Enum::name).toList()) + ")";
            reopened[0] = decision.changes();
            if (decision.next() == RunStatus.RUNNING) {
                run.decide(RunStatus.RUNNING, reason, Instant.now().truncatedTo(ChronoUnit.MICROS));
            } else {
                run.generation++; // a paused run keeps its status and reason; the retry is sent on resume
            }
            if (decision.next() == RunStatus.RUNNING) {
                dispatcher.dispatch(run);
                events.announce(run, RunStatus.RUNNING, reason);
            }
        });
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
     * New images (with bytes) were stored: the dataset's open runs take them, each in one transaction under its
     * lock (rows, requests and the RUNNING event with the new expected count). What fails here is taken by the
     * watchdog, which fills open runs with the images they miss.
     */
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
                QuarkusTransaction.requiringNew().timeout(600).run(() -> {
                    Run run = lockRun(runId);
                    if (RunMode.of(run.mode) != RunMode.OPEN) {
                        return;
                    }
                    dispatcher.fill(run, imageIds);
                    if (RunStatus.RUNNING.name().equals(run.status)) {
                        long sent = dispatcher.dispatch(run);
                        if (sent > 0) {
                            events.announce(run, RunStatus.RUNNING, sent + " new images");
                        }
                    }
                });
            } catch (RuntimeException e) {
                LOG.errorf(e, "Run %s: could not take the new images of %s now (the watchdog will)", runId,
                        datasetId);
            }
        }
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
        run.generation = 1;
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
            events.announce(run, RunStatus.CREATED, "imported from " + source);
        });
        registry.counter("placebench.ingest.runs.imported").increment();
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

    private RunView view(Run r, RunProgress progress) {
        return new RunView(r.id, r.datasetId, r.provider, r.model, r.promptId, read(r.parameters), r.simulated,
                r.status, r.expectedCount, r.createdAt, r.updatedAt, RunMode.of(r.mode).label(), r.budgetUsd,
                r.source, r.statusReason, r.generation, progress);
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
