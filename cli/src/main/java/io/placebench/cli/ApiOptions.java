package io.placebench.cli;

import io.placebench.cli.client.PlaceBenchClient;
import io.placebench.cli.client.TokenFile;
import io.placebench.cli.stack.StackException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the stack is and how to authenticate, shared by the commands that talk to a running stack (local or
 * remote). The token is {@code --token}, else the environment variable {@code PLACEBENCH_TOKEN}, else the token
 * file {@code placebench up} wrote in its state dir ({@code --state-dir}, default {@code .placebench}).
 */
public class ApiOptions {

    public static final String TOKEN_ENV = "PLACEBENCH_TOKEN";

    /** The environment, replaceable by tests. */
    static Function<String, String> environment = System::getenv;

    @Option(names = "--ingest-url", paramLabel = "URL", defaultValue = "http://localhost:8081",
            scope = ScopeType.INHERIT, description = "ingest-service (default: ${DEFAULT-VALUE}).")
    String ingestUrl;

    @Option(names = "--inference-url", paramLabel = "URL", defaultValue = "http://localhost:8082",
            scope = ScopeType.INHERIT, description = "inference-service (default: ${DEFAULT-VALUE}).")
    String inferenceUrl;

    @Option(names = "--analytics-url", paramLabel = "URL", defaultValue = "http://localhost:8084",
            scope = ScopeType.INHERIT, description = "analytics-service (default: ${DEFAULT-VALUE}).")
    String analyticsUrl;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "API token sent as 'Authorization: Bearer'. Default: the environment variable "
                    + TOKEN_ENV + ", else the token file of the local stack (<state-dir>/token). "
                    + "Prefer those two: a command line is visible to other users of the machine.")
    String token;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".placebench", scope = ScopeType.INHERIT,
            description = "State dir of the local stack whose token file is used when no token is given "
                    + "(default: ${DEFAULT-VALUE}).")
    Path stateDir;

    /** A token (or none) and where it came from, in words for messages. */
    public record ResolvedToken(String value, String source) {
    }

    public ResolvedToken resolveToken() {
        if (token != null && !token.isBlank()) {
            return new ResolvedToken(token.trim(), "--token");
        }
        String env = environment.apply(TOKEN_ENV);
        if (env != null && !env.isBlank()) {
            return new ResolvedToken(env.trim(), "the environment variable " + TOKEN_ENV);
        }
        Path file = TokenFile.path(stateDir).toAbsolutePath().normalize();
        try {
            Optional<String> stored = TokenFile.read(stateDir);
            if (stored.isPresent()) {
                return new ResolvedToken(stored.get(), "the token file " + file);
            }
        } catch (IOException e) {
            throw StackException.config(e.getMessage());
        }
        return new ResolvedToken(null, "no --token, no " + TOKEN_ENV + " and no token file at " + file);
    }

    public PlaceBenchClient client(Duration requestTimeout) {
        ResolvedToken resolved = resolveToken();
        return new PlaceBenchClient(ingestUrl, inferenceUrl, analyticsUrl, resolved.value(), resolved.source(),
                requestTimeout);
    }

    public PlaceBenchClient client() {
        return client(Duration.ofMinutes(2));
    }
}
