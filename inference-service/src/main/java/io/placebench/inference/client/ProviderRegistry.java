package io.placebench.inference.client;

import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.RetryPolicy;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** The configured providers ({@code placebench.providers.<name>.*}), built once at start-up. */
@Startup
@ApplicationScoped
public class ProviderRegistry {

    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class);

    @Inject
    InferenceConfig config;

    private final Map<String, ModelProvider> providers = new TreeMap<>();

    @PostConstruct
    void build() {
        config.providers().forEach((name, provider) -> providers.put(name, new HttpModelProvider(name, provider)));
        LOG.infof("Providers: %s", providers.values().stream()
                .map(p -> p.name() + "=" + p.api().configName() + (p.hasKey() ? "" : " (no key)")).toList());
    }

    public RetryPolicy retryPolicy() {
        InferenceConfig.Retry r = config.retry();
        return new RetryPolicy(r.maxRetries(), r.maxRateLimitRetries(), r.initialBackoff(), r.maxBackoff(),
                r.maxRetryAfter());
    }

    public Optional<ModelProvider> get(String name) {
        return Optional.ofNullable(name == null ? null : providers.get(name));
    }

    public Optional<InferenceConfig.Provider> config(String name) {
        return Optional.ofNullable(name == null ? null : config.providers().get(name));
    }

    public Set<String> names() {
        return providers.keySet();
    }

    public Collection<ModelProvider> all() {
        return providers.values();
    }

    @PreDestroy
    void close() {
        providers.values().forEach(ModelProvider::close);
    }
}
