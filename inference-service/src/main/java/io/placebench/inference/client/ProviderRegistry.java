package io.placebench.inference.client;

import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.RetryPolicy;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The configured providers ({@code placebench.providers.<name>.*}), built once at start-up. */
@Startup
@ApplicationScoped
public class ProviderRegistry {

    @Inject
    InferenceConfig config;

    private final Map<String, ModelProvider> providers = new TreeMap<>();

    @PostConstruct
    void build() {
        RetryPolicy retry = retryPolicy();
        config.providers().forEach((name, provider) -> providers.put(name, switch (provider.api()) {
            case OpenAiChatProvider.API -> new OpenAiChatProvider(name, provider, retry);
            default -> throw new IllegalArgumentException("placebench.providers." + name + ".api: unknown wire format '"
                    + provider.api() + "' (known: " + OpenAiChatProvider.API + ")");
        }));
    }

    public RetryPolicy retryPolicy() {
        InferenceConfig.Retry r = config.retry();
        return new RetryPolicy(r.maxRetries(), r.initialBackoff(), r.maxBackoff(), r.maxRetryAfter());
    }

    public Optional<ModelProvider> get(String name) {
        return Optional.ofNullable(name == null ? null : providers.get(name));
    }

    public Set<String> names() {
        return providers.keySet();
    }

    @PreDestroy
    void close() {
        providers.values().forEach(ModelProvider::close);
    }
}
