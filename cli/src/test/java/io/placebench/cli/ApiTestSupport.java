package io.placebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs cli commands against a {@link FakeApi} with a controlled environment and an empty state dir. */
abstract class ApiTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    FakeApi api;
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void startFake() throws IOException {
        api = new FakeApi();
        ApiOptions.environment = env::get;
    }

    @AfterEach
    void stopFake() {
        api.close();
        ApiOptions.environment = System::getenv;
    }

    Path stateDir() {
        return tmp.resolve("state");
    }

    /** Runs {@code placebench <args>} with the fake's URLs and the temporary state dir appended. */
    int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--ingest-url", api.url("/ingest"), "--inference-url", api.url("/inference"),
                "--analytics-url", api.url("/analytics"), "--state-dir", stateDir().toString()));
        return runRaw(all.toArray(String[]::new));
    }

    int runRaw(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = PlaceBench.configure(new CommandLine(new PlaceBench()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Both streams, for assertion messages. */
    String output() {
        return "stdout:\n" + out + "\nstderr:\n" + err;
    }
}
