package io.placebench.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL per test JVM, chosen in this order: the external server named by
 * {@code PLACEBENCH_TEST_JDBC_URL} (with {@code PLACEBENCH_TEST_JDBC_USER} and
 * {@code PLACEBENCH_TEST_JDBC_PASSWORD}); a Testcontainers PostgreSQL 18 when Docker answers; otherwise zonky's
 * embedded PostgreSQL 18, working under {@code target/}.
 */
public final class TestPostgres {

    public static final String ENV_URL = "PLACEBENCH_TEST_JDBC_URL";
    public static final String ENV_USER = "PLACEBENCH_TEST_JDBC_USER";
    public static final String ENV_PASSWORD = "PLACEBENCH_TEST_JDBC_PASSWORD";
    private static final Logger LOG = Logger.getLogger(TestPostgres.class.getName());
    private static Jdbc jdbc;

    /** How to reach the database. */
    public record Jdbc(String url, String user, String password) {
    }

    private TestPostgres() {
    }

    public static synchronized Jdbc jdbc() {
        if (jdbc == null) {
            jdbc = start();
        }
        return jdbc;
    }

    private static Jdbc start() {
        String external = System.getenv(ENV_URL);
        if (external != null && !external.isBlank()) {
            LOG.info("Using external PostgreSQL " + external);
            return new Jdbc(external, envOr(ENV_USER, "postgres"), envOr(ENV_PASSWORD, "postgres"));
        }
        if (TestKafka.DockerAvailability.dockerAnswers()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:18");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Jdbc(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        return startEmbedded();
    }

    private static Jdbc startEmbedded() {
        try {
            Path work = Files.createDirectories(Path.of("target", "embedded-pg"));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work.toFile())
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    LOG.warning("Closing the embedded PostgreSQL failed: " + e);
                }
            }));
            String url = postgres.getJdbcUrl("postgres", "postgres");
            LOG.info("Using embedded PostgreSQL " + url);
            return new Jdbc(url, "postgres", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
