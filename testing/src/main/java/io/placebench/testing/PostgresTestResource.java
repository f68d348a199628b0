package io.placebench.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Hands the shared test database ({@link TestPostgres}) to a Quarkus test. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestPostgres.Jdbc jdbc = TestPostgres.jdbc();
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbc.url(),
                "quarkus.datasource.username", jdbc.user(),
                "quarkus.datasource.password", jdbc.password());
    }

    @Override
    public void stop() {
        // The database lives as long as the test JVM.
    }
}
