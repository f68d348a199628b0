package io.placebench.inference.service;

import io.placebench.inference.client.ModelProvider;
import io.placebench.inference.client.ProviderRegistry;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.Flavor;
import io.placebench.inference.domain.ModelCatalog;
import io.placebench.inference.domain.ModelEntry;
import io.placebench.inference.domain.ModelPrice;
import io.placebench.inference.domain.PriceTable;
import io.placebench.inference.domain.Prompts;
import io.placebench.inference.domain.ProviderUsage;
import io.placebench.inference.domain.WireApi;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The three catalogues, loaded once at start-up: prices (the dated LiteLLM copy, our overrides, then
 * {@code placebench.prices.overrides-file}), models (the bundled {@code models.yaml}, then
 * {@code placebench.catalogue.file}) and prompts (built-ins, then {@code placebench.prompts.directory}). A broken
 * file stops the service with a message naming the file and the field.
 */
@Startup
@ApplicationScoped
public class Catalog {

    public static final String PRICE_SNAPSHOT = "prices/litellm-2026-07-24.json";
    public static final String PRICE_OVERRIDES = "prices/overrides.json";
    public static final String MODELS = "models.yaml";
    private static final Logger LOG = Logger.getLogger(Catalog.class);

    @Inject
    InferenceConfig config;

    @Inject
    ProviderRegistry providers;

    private PriceTable prices;
    private ModelCatalog models;
    private Prompts prompts;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void load() {
        try {
            prices = resourcePrices(PRICE_SNAPSHOT).with(resourcePrices(PRICE_OVERRIDES));
            if (config.prices().overridesFile().filter(s -> !s.isBlank()).isPresent()) {
                Path file = Path.of(config.prices().overridesFile().get());
                try (InputStream in = Files.newInputStream(file)) {
                    prices = prices.with(PriceTable.read(in, file.toString()));
                }
            }
            try (InputStream in = resource(MODELS)) {
                models = ModelCatalog.read(in, MODELS);
            }
            if (config.catalogue().file().filter(s -> !s.isBlank()).isPresent()) {
                Path file = Path.of(config.catalogue().file().get());
                try (InputStream in = Files.newInputStream(file)) {
                    models = models.with(ModelCatalog.read(in, file.toString()));
                }
            }
            prompts = config.prompts().directory().filter(s -> !s.isBlank())
                    .map(d -> {
                        try {
                            return Prompts.withDirectory(Path.of(d));
                        } catch (IOException e) {
                            throw new UncheckedIOException("placebench.prompts.directory " + d + ": " + e.getMessage(), e);
                        }
                    })
                    .orElse(Prompts.builtIn());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read a catalogue: " + e.getMessage(), e);
        }
        for (ModelEntry entry : models.all()) {
            if (providers.get(entry.provider()).isEmpty()) {
                LOG.warnf("%s: provider '%s' of %s is not configured (placebench.providers.%s.*)", entry.source(),
                        entry.provider(), entry.model(), entry.provider());
            }
        }
        LOG.infof("Catalogues: %d prices, %d models, prompts %s", prices.all().size(), models.all().size(), prompts.ids());
    }

    private static PriceTable resourcePrices(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return PriceTable.read(in, name);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return in;
    }

    public Prompts prompts() {
        return prompts;
    }

    public List<ModelEntry> models() {
        return models.all();
    }

    public PriceTable prices() {
        return prices;
    }

    /** The catalogue entry, or one derived from the provider for a model the catalogue does not list. */
    public ModelEntry entry(ModelProvider provider, String model) {
        return models.find(provider.name(), model).orElseGet(() -> ModelEntry.unlisted(provider.name(), model,
                provider.api()));
    }

    public Optional<ModelEntry> listed(String provider, String model) {
        return models.find(provider, model);
    }

    /** The entry's price: its price key, else the model id, else the provider's LiteLLM prefix + id. */
    public Optional<ModelPrice> price(ModelEntry entry, WireApi api, Flavor flavor) {
        if (entry.priceKey() != null) {
            return prices.price(entry.priceKey());
        }
        Optional<ModelPrice> direct = prices.price(entry.model());
        if (direct.isPresent()) {
            return direct;
        }
        String prefix = api == WireApi.GEMINI ? "gemini/" : flavor == Flavor.TOGETHER ? "together_ai/" : null;
        return prefix == null ? Optional.empty() : prices.price(prefix + entry.model());
    }

    /**
     * The cost of one response: the provider's own figure when it reported one (OpenRouter's usage.cost), else
     * the price table's. A model without a price costs 0, with one warning.
     */
    public BigDecimal cost(ModelEntry entry, WireApi api, Flavor flavor, ProviderUsage usage) {
        if (usage == null) {
            return BigDecimal.ZERO;
        }
        if (usage.reportedCostUsd() != null && usage.reportedCostUsd().signum() >= 0) {
            return usage.reportedCostUsd();
        }
        Optional<ModelPrice> price = price(entry, api, flavor);
        if (price.isEmpty()) {
            if (warned.add(entry.key())) {
                LOG.warnf("No price for %s (price key %s): its cost is recorded as 0", entry.key(),
                        entry.priceKey() == null ? entry.model() : entry.priceKey());
            }
            return BigDecimal.ZERO;
        }
        return price.get().cost(usage);
    }
}
