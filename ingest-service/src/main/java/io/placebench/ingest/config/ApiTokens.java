package io.placebench.ingest.config;

import io.placebench.ingest.domain.TokenHashes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The accepted API token hashes, read once at startup from {@code placebench.auth.token-hashes} and
 * {@code placebench.auth.tokens-file}. A malformed entry or a missing tokens file stops the service (an open
 * service by mistake is worse than one that does not start). With no token at all, writes are open and a
 * warning says so once.
 */
@ApplicationScoped
public class ApiTokens {

    private static final Logger LOG = Logger.getLogger(ApiTokens.class);

    private final AuthConfig config;
    private volatile TokenHashes hashes;

    public ApiTokens(AuthConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        TokenHashes loaded = hashes();
        if (loaded.isEmpty()) {
            LOG.warn("No API token is configured (placebench.auth.token-hashes, placebench.auth.tokens-file): "
                    + "write endpoints are open to anyone who can reach this service");
        } else {
            LOG.infof("API tokens: %d configured; reads %s a token", loaded.size(),
                    config.readRequiresToken() ? "need" : "do not need");
        }
    }

    public TokenHashes hashes() {
        TokenHashes current = hashes;
        if (current == null) {
            synchronized (this) {
                if (hashes == null) {
                    hashes = load();
                }
                current = hashes;
            }
        }
        return current;
    }

    public AuthConfig config() {
        return config;
    }

    private TokenHashes load() {
        TokenHashes all = TokenHashes.parse(config.tokenHashes().orElse(List.of()), "placebench.auth.token-hashes");
        if (config.tokensFile().isPresent() && !config.tokensFile().get().isBlank()) {
            Path file = Path.of(config.tokensFile().get().trim());
            try {
                all = all.plus(TokenHashes.parse(Files.readAllLines(file, StandardCharsets.UTF_8),
                        "placebench.auth.tokens-file " + file));
            } catch (IOException e) {
                throw new IllegalStateException("placebench.auth.tokens-file " + file + " cannot be read: " + e, e);
            }
        }
        return all;
    }
}
