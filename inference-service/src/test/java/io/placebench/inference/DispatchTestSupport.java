package io.placebench.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.placebench.events.EventJson;
import io.placebench.events.InferenceRequested;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.inference.domain.Prompt;
import io.placebench.testing.TestKafka;
import io.placebench.testing.TestPostgres;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the dispatch tests share: a blob server for distinct small JPEGs, a producer that sends many requests at
 * once (asynchronously, then flushed, so a whole run lands in the queue together), the ledger read straight from
 * PostgreSQL and the simulators' request logs.
 */
final class DispatchTestSupport implements AutoCloseable {

    static final ObjectMapper JSON = EventJson.newMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final HttpServer blobServer;
    private final KafkaProducer<String, String> producer;
    private final Random random = new Random();

    DispatchTestSupport() throws Exception {
        blobServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        blobServer.createContext("/api/blobs/", exchange -> {
            byte[] bytes = blobs.get(exchange.getRequestURI().getPath().substring("/api/blobs/".length()));
            exchange.sendResponseHeaders(bytes == null ? 404 : 200, bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        blobServer.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        blobServer.start();
        producer = producer();
    }

    /** {@code n} requests of one run, each for its own freshly made 320x240 JPEG. */
    List<InferenceRequested> run(String runId, int n, String provider, String model) throws Exception {
        return run(runId, n, provider, model, 320, 240);
    }

    /** {@code n} requests of one run, each for its own freshly made w x h JPEG. */
    List<InferenceRequested> run(String runId, int n, String provider, String model, int w, int h) throws Exception {
        List<InferenceRequested> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] jpeg = TestPhotos.photo(w, h, w >= 640 ? 30 : 4, random);
            String sha = Prompt.sha256Hex(jpeg);
            blobs.put(sha, jpeg);
            requests.add(new InferenceRequested(UUID.randomUUID().toString(), InferenceRequested.SCHEMA_VERSION,
                    Instant.now(), runId, "demo", "img-" + i, sha, "image/jpeg",
                    "http://127.0.0.1:" + blobServer.getAddress().getPort() + "/api/blobs/" + sha, provider, model,
                    "imageo", Map.of("max_tokens", 800)));
        }
        return requests;
    }

    /** Sends every request without waiting for each, then waits until the broker has them all. */
    void send(List<InferenceRequested> requests) throws Exception {
        sendAll(producer, requests);
    }

    /**
     * Sends requests as a producer goes (one acknowledged send after the other is slower than 10 per second on a
     * busy machine: the sender, not the service, would set the pace of a load run).
     */
    static void sendAll(KafkaProducer<String, String> producer, List<InferenceRequested> requests) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>(requests.size());
        for (InferenceRequested r : requests) {
            sent.add(producer.send(new ProducerRecord<>(Topics.INFERENCE_REQUESTS,
                    Topics.runImageKey(r.runId(), r.imageId()), JSON.writeValueAsString(r))));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> f : sent) {
            f.get();
        }
    }

    /** {@link #sendAll(KafkaProducer, List)} with a producer of its own. */
    static void sendAll(List<InferenceRequested> requests) throws Exception {
        try (KafkaProducer<String, String> p = producer()) {
            sendAll(p, requests);
        }
    }

    static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** Ingest's lifecycle decision for a run, with its generation. */
    void runChanged(String runId, String provider, String model, RunStatus status, long generation) throws Exception {
        RunChanged event = new RunChanged(UUID.randomUUID().toString(), RunChanged.SCHEMA_VERSION, Instant.now(), runId,
                "demo", provider, model, "imageo", Map.of(), true, status, 0, "test: " + status, generation);
        producer.send(new ProducerRecord<>(Topics.RUNS, runId, JSON.writeValueAsString(event))).get();
    }

    static Connection db() throws SQLException {
        TestPostgres.Jdbc jdbc = TestPostgres.jdbc();
        return DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
    }

    /** How many ledger rows of the run are in each state (answered rows: their prediction status). */
    static Map<String, Integer> byStatus(String runId) throws SQLException {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(
                "select status, count(*) from inference.ledger where run_id = ? group by status")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }

    /** Rows of the run that have their answer (a stored prediction). */
    static int answered(String runId) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(
                "select count(*) from inference.ledger where run_id = ? and event_json is not null")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The runs of the answered rows of {@code runIds}, in the order their answers were stored. */
    static List<String> completionOrder(String... runIds) throws SQLException {
        List<String> order = new ArrayList<>();
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("""
                select run_id from inference.ledger where run_id = any (?) and event_json is not null
                order by completed_at, image_id""")) {
            s.setArray(1, c.createArrayOf("text", runIds));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    order.add(rs.getString(1));
                }
            }
        }
        return order;
    }

    /** The simulator's request log (every call it received, in order). */
    static List<JsonNode> simulatorLog(String baseUrl) throws Exception {
        String root = baseUrl.substring(0, baseUrl.length() - "/v1".length());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/_sim/requests")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> calls = new ArrayList<>();
        JSON.readTree(response.body()).get("data").forEach(calls::add);
        return calls;
    }

    static long callsFor(String baseUrl, String sentSha) throws Exception {
        return simulatorLog(baseUrl).stream().filter(e -> sentSha.equals(e.path("image_sha256").asText())).count();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
        blobServer.stop(0);
    }
}
