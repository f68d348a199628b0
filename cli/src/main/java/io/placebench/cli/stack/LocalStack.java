package io.placebench.cli.stack;

import io.placebench.events.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The whole platform on one machine: an embedded PostgreSQL (in this JVM), a KRaft Kafka broker, the LLM
 * simulator and the four services as child processes. {@link #start()} brings them up in order and waits
 * until each is ready; {@link #stop()} (also safe from a shutdown hook) stops them in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    public static final String DATABASE = "placebench";
    public static final String DB_USER = "postgres";
    public static final String DB_PASSWORD = "postgres";
    public static final String SIMULATOR = "llm-simulator";
    public static final String KAFKA = "kafka";
    public static final String POSTGRES = "postgres";
    /** The services, in the order their URLs are shown. */
    public static final List<String> SERVICES =
            List.of("ingest-service", "inference-service", "scoring-service", "analytics-service");
    static final int LOG_TAIL_LINES = 20;
    /**
     * How long a service may take to stop after SIGTERM before it is killed: longer than inference's
     * {@code placebench.dispatch.drain-timeout} (20 s) plus Quarkus' own shutdown, so a graceful stop lets inference
     * finish or put back its leases instead of being killed in the middle of its drain.
     */
    static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(40);
    /** The topics the stack creates with {@link StackConfig#partitions()} partitions. */
    static final List<String> STACK_TOPICS =
            List.of(Topics.IMAGES, Topics.INFERENCE_REQUESTS, Topics.PREDICTIONS, Topics.SCORES, Topics.RUNS);

    private final StackConfig config;
    private final PrintWriter progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Object lock = new Object();

    /** Every long-running part by name, in start order (guarded by {@code lock}). */
    private final Map<String, Supervised> children = new LinkedHashMap<>();
    /** One log per part, kept across its restarts so that rotation sees one writer. */
    private final Map<String, RotatingLog> logs = new LinkedHashMap<>();
    private ChildProcess kafka;
    private ChildProcess simulator;
    private boolean stopping;
    private volatile boolean started;
    private Thread supervisor;
    /** Run by {@link #stop()} once the services stopped, before the simulator does (null: nothing). */
    private volatile Runnable servicesStopped;

    public LocalStack(StackConfig config, PrintWriter progress) {
        this.config = config;
        this.progress = progress;
    }

    public StackConfig config() {
        return config;
    }

    public Ports ports() {
        return config.ports();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + ports().postgres() + "/" + DATABASE;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + ports().kafka();
    }

    public String ingestUrl() {
        return "http://localhost:" + ports().ingest();
    }

    public String inferenceUrl() {
        return "http://localhost:" + ports().inference();
    }

    public String scoringUrl() {
        return "http://localhost:" + ports().scoring();
    }

    public String analyticsUrl() {
        return "http://localhost:" + ports().analytics();
    }

    public String simulatorUrl() {
        return "http://127.0.0.1:" + ports().simulator();
    }

    public int portOf(String service) {
        return switch (service) {
            case "ingest-service" -> ports().ingest();
            case "inference-service" -> ports().inference();
            case "scoring-service" -> ports().scoring();
            case "analytics-service" -> ports().analytics();
            case SIMULATOR -> ports().simulator();
            default -> throw new IllegalArgumentException(service);
        };
    }

    public boolean isStarted() {
        return started;
    }

    // ---------------------------------------------------------------------------------------------- jars

    public static Path serviceJar(Path home, String module) {
        return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public static Path simulatorJar(Path home) {
        return home.resolve("llm-simulator/target/llm-simulator.jar");
    }

    /** Every jar the stack runs, by module name. */
    public static Map<String, Path> requiredJars(Path home) {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String service : SERVICES) {
            jars.put(service, serviceJar(home, service));
        }
        jars.put(SIMULATOR, simulatorJar(home));
        return jars;
    }

    /** Fails (exit code 2) naming every module whose jar is missing. */
    public static void requireBuilt(Path home) {
        List<String> missing = requiredJars(home).entrySet().stream()
                .filter(e -> !Files.isRegularFile(e.getValue()))
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList();
        if (!missing.isEmpty()) {
            throw StackException.config("not built yet: " + String.join(", ", missing)
                    + "\nbuild with `./mvnw -B -DskipTests install` in " + home
                    + " (or set PLACEBENCH_HOME to the PlaceBench checkout)");
        }
    }

    /** The classpath of the Kafka broker: the cli's copied dependencies, else this JVM's own classpath. */
    String kafkaClasspath() {
        Path lib = config.home().resolve("cli/target/lib");
        if (Files.isDirectory(lib)) {
            return lib.toAbsolutePath() + java.io.File.separator + "*";
        }
        return System.getProperty("java.class.path");
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // --------------------------------------------------------------------------------------------- start

    /** Starts everything; on any failure stops what was started and throws a {@link StackException}. */
    public void start() {
        PortCheck.requireFree(ports());
        requireBuilt(config.home());
        try {
            Files.createDirectories(config.stateDir());
            Files.createDirectories(config.logsDir());
            Files.createDirectories(config.blobsDir());
            writeStackFile();
            startPostgres();
            startKafka();
            startSimulator();
            startServices();
            started = true;
            startSupervisor();
        } catch (StackException e) {
            stop();
            throw e;
        } catch (IOException | RuntimeException e) {
            stop();
            throw new StackException("the local stack failed to start: " + e, StackException.EXIT_FAILURE, e);
        }
    }

    private void writeStackFile() throws IOException {
        Properties p = new Properties();
        for (Ports.Use use : ports().uses()) {
            p.setProperty(use.option().substring(2), Integer.toString(use.port()));
        }
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("started-at", Instant.now().toString());
        try (var out = Files.newBufferedWriter(config.stackFile(), StandardCharsets.UTF_8)) {
            p.store(out, "the local stack that last ran with this state dir (read by placebench reset and dlq)");
        }
    }

    /** The PostgreSQL port recorded by the last start in {@code stateDir}, if any. */
    public static Integer recordedPostgresPort(Path stateDir) {
        return recordedPort(stateDir, "postgres-port");
    }

    /** The Kafka port recorded by the last start in {@code stateDir}, if any. */
    public static Integer recordedKafkaPort(Path stateDir) {
        return recordedPort(stateDir, "kafka-port");
    }

    private static Integer recordedPort(Path stateDir, String key) {
        Path file = stateDir.resolve("stack.properties");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            String port = p.getProperty(key);
            return port == null ? null : Integer.valueOf(port.trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private void startPostgres() throws IOException {
        long t0 = System.nanoTime();
        synchronized (lock) {
            checkNotStopping();
            children.put(POSTGRES, new Supervised(POSTGRES, this::launchPostgres));
        }
        createDatabase();
        ready("PostgreSQL", "port " + ports().postgres(), t0);
    }

    /**
     * PostgreSQL writes its log itself (appending); it is rotated before each start only, which is enough for
     * a server that logs little.
     */
    private Running launchPostgres() {
        RotatingLog log = log(POSTGRES);
        try {
            log.rotateIfFull();
            log.line("---- " + Instant.now() + " placebench: starting PostgreSQL on port " + ports().postgres());
            log.close(); // the postmaster appends to the file itself
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(config.postgresDir())
                    .setCleanDataDirectory(false)
                    .setPort(ports().postgres())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(90))
                    // zonky turns it off for speed: then a PostgreSQL crash loses committed transactions (outbox
                    // rows, ledger entries) that the services already acted on
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
                    .start();
            return PostgresRunning.of(pg, config.postgresDir());
        } catch (IOException e) {
            throw StackException.failure("PostgreSQL did not start on port " + ports().postgres() + ": "
                    + e.getMessage() + "; see " + log.file());
        }
    }

    private void createDatabase() {
        String url = "jdbc:postgresql://localhost:" + ports().postgres() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, DB_USER, DB_PASSWORD);
             PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw StackException.failure("could not create database '" + DATABASE + "' in PostgreSQL on port "
                    + ports().postgres() + ": " + e.getMessage() + "; see " + config.logFile(POSTGRES));
        }
    }

    private void startKafka() throws IOException {
        long t0 = System.nanoTime();
        Path dir = config.kafkaDir();
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path serverProperties = dir.resolve("server.properties");
        Files.writeString(serverProperties,
                KafkaConfig.render(KafkaConfig.serverProperties(data, ports().kafka(), ports().kafkaController(),
                        config.partitions())));
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, KafkaConfig.log4j2Properties());
        List<String> jvm = List.of(javaBinary(), "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
                "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                "-cp", kafkaClasspath());
        if (!Files.exists(data.resolve("meta.properties"))) {
            formatKafkaStorage(jvm, serverProperties);
        }
        List<String> command = new ArrayList<>(jvm);
        command.add("kafka.Kafka");
        command.add(serverProperties.toAbsolutePath().toString());
        kafka = launch(KAFKA, command, Map.of());
        waitForPort(kafka, ports().kafka(), Duration.ofSeconds(90));
        createTopics();
        ready("Kafka", kafkaBootstrap(), t0);
    }

    private void formatKafkaStorage(List<String> jvm, Path serverProperties) {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", serverProperties.toAbsolutePath().toString()));
        ChildProcess format = launchOnce("kafka-format", command, Map.of());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (format.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (format.isAlive()) {
                format.stop(Duration.ofSeconds(1));
                throw childFailed(format, "did not finish formatting the Kafka storage in 120 s");
            }
            if (format.exitValue() != 0) {
                throw childFailed(format, "could not format the Kafka storage (exit code " + format.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StackException.failure("interrupted while formatting the Kafka storage");
        }
    }

    private void createTopics() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            int partitions = config.partitions();
            List<NewTopic> missing = STACK_TOPICS.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            growTopics(admin, existing, partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StackException.failure("interrupted while waiting for Kafka");
        } catch (Exception e) {
            if (kafka != null && !kafka.isAlive()) {
                throw childFailed(kafka, "exited with code " + kafka.exitValue() + " during startup");
            }
            throw childFailed(kafka, "did not answer as a Kafka broker on " + kafkaBootstrap() + ": " + e);
        }
    }

    /**
     * A state dir made with fewer partitions keeps its topics: grow them so that more replicas can share the work
     * (Kafka cannot shrink a topic; a topic with more partitions is left as it is).
     */
    private void growTopics(Admin admin, Set<String> existing, int partitions) throws Exception {
        List<String> old = STACK_TOPICS.stream().filter(existing::contains).toList();
        if (old.isEmpty()) {
            return;
        }
        Map<String, NewPartitions> grow = new LinkedHashMap<>();
        admin.describeTopics(old).allTopicNames().get(60, TimeUnit.SECONDS).forEach((topic, description) -> {
            int now = description.partitions().size();
            if (now < partitions) {
                grow.put(topic, NewPartitions.increaseTo(partitions));
                say(String.format(Locale.ROOT, "  topic %s: %d partitions, growing to %d", topic, now, partitions));
            }
        });
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(60, TimeUnit.SECONDS);
        }
    }

    private void startSimulator() {
        long t0 = System.nanoTime();
        List<String> command = List.of(javaBinary(), "-Xmx256m", "-Djava.awt.headless=true",
                "-jar", simulatorJar(config.home()).toString(),
                "--port", Integer.toString(ports().simulator()),
                "--latency-ms", Long.toString(config.simulatorLatencyMs()));
        simulator = launch(SIMULATOR, command, Map.of());
        waitForHealth(List.of(new Awaited(simulator, simulatorUrl() + "/health", t0)));
    }

    /** The command line of one service: configuration as system properties, then {@code -jar}. */
    List<String> serviceCommand(String service) {
        Ports p = ports();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-Djava.awt.headless=true",
                "-Dquarkus.http.port=" + portOf(service),
                "-Dkafka.bootstrap.servers=" + kafkaBootstrap(),
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl(),
                "-Dquarkus.datasource.username=" + DB_USER,
                "-Dquarkus.datasource.password=" + DB_PASSWORD));
        switch (service) {
            case "ingest-service" -> {
                command.add("-Dplacebench.public-url=http://localhost:" + p.ingest());
                command.add("-Dplacebench.blobs.directory=" + config.blobsDir());
                if (config.ingestTokenHash() != null) {
                    command.add("-Dplacebench.auth.token-hashes=" + config.ingestTokenHash());
                }
            }
            case "inference-service" ->
                    command.add("-Dplacebench.providers.simulator.base-url=" + simulatorUrl() + "/v1");
            case "analytics-service" -> command.add("-Dquarkus.rest-client.ingest.url=" + ingestUrl());
            default -> {
                // scoring needs nothing else
            }
        }
        config.servicePropertiesOf(service).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(serviceJar(config.home(), service).toString());
        return command;
    }

    /** Environment given to every service, mirroring the system properties (the services' documented keys). */
    Map<String, String> serviceEnvironment() {
        return Map.of(
                "PLACEBENCH_KAFKA", kafkaBootstrap(),
                "PLACEBENCH_JDBC_URL", jdbcUrl(),
                "PLACEBENCH_JDBC_USER", DB_USER,
                "PLACEBENCH_JDBC_PASSWORD", DB_PASSWORD);
    }

    private void startServices() {
        List<Awaited> awaited = new ArrayList<>();
        for (String service : SERVICES) {
            long t0 = System.nanoTime();
            ChildProcess child = launch(service, serviceCommand(service), serviceEnvironment());
            awaited.add(new Awaited(child, "http://localhost:" + portOf(service) + "/q/health/ready", t0));
        }
        waitForHealth(awaited);
    }

    private record Awaited(ChildProcess child, String healthUrl, long startedNanos) {
    }

    /** Polls every health URL until each answers 200; a child that exits or times out fails the start. */
    private void waitForHealth(List<Awaited> awaited) {
        List<Awaited> pending = new ArrayList<>(awaited);
        long timeoutNanos = config.readyTimeout().toNanos();
        while (!pending.isEmpty()) {
            checkNotStopping();
            for (var it = pending.iterator(); it.hasNext(); ) {
                Awaited a = it.next();
                if (!a.child().isAlive()) {
                    throw childFailed(a.child(), "exited with code " + a.child().exitValue() + " during startup");
                }
                if (healthy(a.healthUrl())) {
                    ready(a.child().name(), a.healthUrl().replaceFirst("/(q/health/ready|health)$", ""),
                            a.startedNanos());
                    it.remove();
                } else if (System.nanoTime() - a.startedNanos() > timeoutNanos) {
                    throw childFailed(a.child(), "was not ready after " + config.readyTimeout().toSeconds()
                            + " s (" + a.healthUrl() + ")");
                }
            }
            sleep(250);
        }
    }

    private boolean healthy(String url) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StackException.failure("interrupted while waiting for the stack");
        }
    }

    private void waitForPort(ChildProcess child, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            checkNotStopping();
            if (!child.isAlive()) {
                throw childFailed(child, "exited with code " + child.exitValue() + " during startup");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw childFailed(child, "did not open port " + port + " within " + timeout.toSeconds() + " s");
                }
            }
            sleep(200);
        }
    }

    /** Starts a long-running part and registers it for {@link #stop()} and supervision. */
    private ChildProcess launch(String name, List<String> command, Map<String, String> env) {
        synchronized (lock) {
            checkNotStopping();
            Supervised s = new Supervised(name, () -> new ProcessRunning(launchOnce(name, command, env)));
            children.put(name, s);
            return ((ProcessRunning) s.current).process();
        }
    }

    /** Starts a child that is neither supervised nor stopped by {@link #stop()} (a one-shot tool). */
    private ChildProcess launchOnce(String name, List<String> command, Map<String, String> env) {
        return ChildProcess.start(name, command, config.stateDir(), env, log(name));
    }

    private RotatingLog log(String name) {
        synchronized (logs) {
            return logs.computeIfAbsent(name, n -> RotatingLog.withDefaults(config.logFile(n)));
        }
    }

    private void checkNotStopping() {
        synchronized (lock) {
            if (stopping) {
                throw StackException.failure("the local stack is stopping");
            }
        }
    }

    private void ready(String what, String where, long startedNanos) {
        progress.printf(Locale.ROOT, "  %-18s ready  %s (%.1f s)%n", what, where,
                (System.nanoTime() - startedNanos) / 1e9);
        progress.flush();
    }

    /** A failure naming the child, its log file and the log's last lines. */
    public static StackException childFailed(ChildProcess child, String what) {
        List<String> lines = child.logTail(LOG_TAIL_LINES);
        String tail = lines.stream().map(l -> "    " + l).collect(Collectors.joining("\n"));
        String firstError = child.firstErrorLine();
        boolean showFirstError = firstError != null && !lines.contains(firstError);
        return StackException.failure(child.name() + " " + what + "; its log is " + child.logFile()
                + (showFirstError ? "\n  first error in the log:\n    " + abbreviate(firstError, 400) : "")
                + (tail.isEmpty() ? "" : "\n  last lines of " + child.logFile().getFileName() + ":\n" + tail));
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    /**
     * Throws when a child of a running stack has exited (it should run until {@link #stop()}). Supervised stacks
     * ({@link StackConfig#restartPolicy()} set) restart such children instead, so this never throws for them.
     */
    public void checkAlive() {
        if (config.restartPolicy() != null) {
            return;
        }
        List<Supervised> all;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            all = new ArrayList<>(children.values());
        }
        for (Supervised s : all) {
            if (s.current instanceof ProcessRunning r && !r.process().isAlive()) {
                throw childFailed(r.process(), "exited unexpectedly with code " + r.process().exitValue());
            }
        }
    }

    // ----------------------------------------------------------------------------------------- supervision

    /** Something the stack runs and may restart: a child process, or PostgreSQL inside this JVM. */
    private sealed interface Running permits ProcessRunning, PostgresRunning, FailedStart {
        boolean alive();

        String exit();

        Duration ranFor();

        void stop(Duration grace);
    }

    private record ProcessRunning(ChildProcess process) implements Running {
        public boolean alive() {
            return process.isAlive();
        }

        public String exit() {
            return "exited with code " + process.exitValue();
        }

        public Duration ranFor() {
            return process.ranFor();
        }

        public void stop(Duration grace) {
            process.stop(grace);
        }
    }

    /**
     * PostgreSQL started by zonky through {@code pg_ctl -w start}, whose process ends once the server runs: the
     * server is the postmaster named by the first line of {@code postmaster.pid}, read right after the start.
     */
    private record PostgresRunning(EmbeddedPostgres pg, long pid, long startedNanos) implements Running {
        static PostgresRunning of(EmbeddedPostgres pg, Path dataDir) {
            long pid = -1;
            try {
                pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            } catch (IOException | RuntimeException e) {
                // not readable: treated as gone, so the supervisor restarts it (and says so)
            }
            return new PostgresRunning(pg, pid, System.nanoTime());
        }

        public boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        public String exit() {
            return "exited (postmaster pid " + pid + " is gone)";
        }

        public Duration ranFor() {
            // asked once, when the exit is noticed (every 200 ms): close enough to the exit time
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }

        public void stop(Duration grace) {
            try {
                pg.close(); // releases the data dir lock even when the postmaster is already gone
            } catch (IOException | RuntimeException e) {
                // stopped or dead either way
            }
            // pg_ctl returns once the pid file is gone; the postmaster ends just after
            ProcessHandle.of(pid).ifPresent(h -> {
                try {
                    h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // still there after the grace: nothing more to do from here
                }
            });
        }
    }

    /** A restart that threw: counts as an exit right after the start, so the back-off keeps growing. */
    private record FailedStart(String why) implements Running {
        public boolean alive() {
            return false;
        }

        public String exit() {
            return "could not be started (" + why + ")";
        }

        public Duration ranFor() {
            return Duration.ZERO;
        }

        public void stop(Duration grace) {
            // nothing runs
        }
    }

    /** One part of the stack, its current incarnation and its restart history (fields guarded by lock). */
    private final class Supervised {
        final String name;
        final java.util.function.Supplier<Running> starter;
        final RestartPolicy.Tracker tracker;
        Running current;
        /** When a restart is due (System.nanoTime), or null when none is scheduled. */
        Long restartAt;
        /** Stopped on purpose ({@link #stopPart}): not restarted until {@link #startPart}. */
        boolean held;

        Supervised(String name, java.util.function.Supplier<Running> starter) {
            this.name = name;
            this.starter = starter;
            this.tracker = (config.restartPolicy() == null ? RestartPolicy.DEFAULT : config.restartPolicy()).tracker();
            this.current = starter.get();
        }
    }

    /** Runs {@code command} as a supervised part, as {@link #start()} does for the services (for tests). */
    ChildProcess launchSupervised(String name, List<String> command) {
        ChildProcess child = launch(name, command, Map.of());
        synchronized (lock) {
            if (supervisor != null) {
                return child;
            }
        }
        startSupervisor();
        return child;
    }

    /** Runs only PostgreSQL, supervised like in a started stack (for tests). */
    void startPostgresSupervised() throws IOException {
        Files.createDirectories(config.logsDir());
        startPostgres();
        startSupervisor();
    }

    /** Starts the supervisor thread when the config asks for supervision (after a successful start). */
    private void startSupervisor() {
        if (config.restartPolicy() == null) {
            return;
        }
        Thread t = new Thread(this::supervise, "placebench-supervisor");
        t.setDaemon(true);
        synchronized (lock) {
            supervisor = t;
        }
        t.start();
    }

    private void supervise() {
        while (true) {
            List<Supervised> all;
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                all = new ArrayList<>(children.values());
            }
            for (Supervised s : all) {
                superviseOne(s);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Notices an exit and schedules the restart the policy asks for, then restarts it when it is due. */
    private void superviseOne(Supervised s) {
        Running dead;
        synchronized (lock) {
            if (stopping || s.held || s.current.alive()) {
                return;
            }
            if (s.restartAt == null) {
                if (s.tracker.onExit(s.current.ranFor(), false) instanceof RestartPolicy.Restart r) {
                    s.restartAt = System.nanoTime() + r.delay().toNanos();
                    say(String.format(Locale.ROOT, "%s %s; restarting in %s (restart %d)", s.name, s.current.exit(),
                            seconds(r.delay()), r.restart()));
                }
                return;
            }
            if (System.nanoTime() < s.restartAt) {
                return;
            }
            s.restartAt = null;
            dead = s.current;
        }
        dead.stop(Duration.ofSeconds(1)); // frees what the dead one holds (PostgreSQL's lock, the log pump)
        Running next;
        try {
            next = s.starter.get();
        } catch (RuntimeException e) {
            next = new FailedStart(e.getMessage()); // the next round schedules another try with a longer wait
        }
        boolean unwanted;
        synchronized (lock) {
            // stop() or stopPart() began while it started and did not see it
            unwanted = stopping || s.held;
            if (!unwanted) {
                s.current = next;
            }
        }
        if (unwanted) {
            next.stop(Duration.ofSeconds(10));
        }
    }

    /** "2 s" for whole seconds, "0.2 s" otherwise. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /**
     * Stops one part on purpose (SIGTERM, like {@link #stop()}) and keeps it stopped: no restart until
     * {@link #startPart}. For fault tests (a broker down for a while) and for operators.
     */
    public void stopPart(String name) {
        Supervised s = part(name);
        Running r;
        synchronized (lock) {
            s.held = true;
            s.restartAt = null;
            r = s.current;
        }
        r.stop(Duration.ofSeconds(30));
    }

    /** Starts a part stopped by {@link #stopPart} again (at once, without back-off). */
    public void startPart(String name) {
        Supervised s = part(name);
        synchronized (lock) {
            checkNotStopping();
            if (s.current.alive()) {
                s.held = false;
                return;
            }
        }
        Running next = s.starter.get();
        synchronized (lock) {
            s.current = next;
            s.held = false;
        }
    }

    /** The pid of a part's current process (PostgreSQL's postmaster for {@value #POSTGRES}), if it runs. */
    public java.util.OptionalLong pidOf(String name) {
        Running r;
        synchronized (lock) {
            r = part(name).current;
        }
        if (r instanceof ProcessRunning p && p.alive()) {
            return java.util.OptionalLong.of(p.process().pid());
        }
        if (r instanceof PostgresRunning pg && pg.alive()) {
            return java.util.OptionalLong.of(pg.pid());
        }
        return java.util.OptionalLong.empty();
    }

    private Supervised part(String name) {
        synchronized (lock) {
            Supervised s = children.get(name);
            if (s == null) {
                throw new IllegalArgumentException("no part named " + name + "; parts: " + children.keySet());
            }
            return s;
        }
    }

    // ---------------------------------------------------------------------------------------------- stop

    /**
     * Has {@link #stop()} run {@code hook} once every service has stopped and before the simulator, Kafka and
     * PostgreSQL stop: a test reads what only the simulator knows (its request log) here, when no call can come in
     * any more. A hook that throws is reported on the progress writer and the stop goes on.
     */
    public void onServicesStopped(Runnable hook) {
        this.servicesStopped = hook;
    }

    /** Stops the services, then the simulator, Kafka and PostgreSQL. Idempotent; safe from a shutdown hook. */
    public void stop() {
        List<Running> toStop = new ArrayList<>();
        Running sim = null;
        Running broker = null;
        Running pg = null;
        Thread watcher;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            stopping = true;
            watcher = supervisor;
            for (Supervised s : children.values()) {
                switch (s.name) {
                    case SIMULATOR -> sim = s.current;
                    case KAFKA -> broker = s.current;
                    case POSTGRES -> pg = s.current;
                    default -> toStop.add(s.current);
                }
            }
        }
        if (watcher != null) {
            // a restart in progress finishes (and is stopped by it) before the parts are stopped here
            watcher.interrupt();
            try {
                watcher.join(TimeUnit.SECONDS.toMillis(120));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (lock) {
                toStop.clear();
                for (Supervised s : children.values()) {
                    switch (s.name) {
                        case SIMULATOR -> sim = s.current;
                        case KAFKA -> broker = s.current;
                        case POSTGRES -> pg = s.current;
                        default -> toStop.add(s.current);
                    }
                }
            }
        }
        boolean anything = !toStop.isEmpty() || sim != null || broker != null || pg != null;
        if (anything) {
            say("Stopping the local stack…");
        }
        // services in parallel: ask all, then wait for each
        List<Thread> stoppers = new ArrayList<>();
        for (Running child : toStop) {
            Thread t = new Thread(() -> child.stop(SERVICE_STOP_GRACE), "stop-child");
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runnable hook = servicesStopped;
        if (hook != null && sim != null) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                say("  (the hook after the services stopped failed: " + e + ")");
            }
        }
        if (sim != null) {
            sim.stop(Duration.ofSeconds(10));
        }
        if (broker != null) {
            broker.stop(Duration.ofSeconds(30));
        }
        if (pg != null) {
            pg.stop(Duration.ofSeconds(30));
        }
        synchronized (logs) {
            for (RotatingLog log : logs.values()) {
                try {
                    log.close();
                } catch (IOException e) {
                    // nothing left to write
                }
            }
        }
        if (anything) {
            say("Stopped.");
        }
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StackException.failure("interrupted");
        }
    }
}
