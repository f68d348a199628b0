package io.placebench.inference.service;

import io.placebench.inference.domain.ModelPrice;
import io.placebench.inference.domain.PriceTable;
import io.placebench.inference.domain.ProviderUsage;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Prices from {@code prices.json} (LiteLLM layout). A model without a price costs 0, with one warning. */
@Startup
@ApplicationScoped
public class Prices {

    public static final String RESOURCE = "prices.json";
    private static final Logger LOG = Logger.getLogger(Prices.class);

    private PriceTable table;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void load() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            table = PriceTable.read(in);
            LOG.infof("Prices of %d models loaded from %s", table.all().size(), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }

    public BigDecimal cost(String model, ProviderUsage usage) {
        Optional<ModelPrice> price = table.price(model);
        if (price.isEmpty()) {
            if (warned.add(model)) {
                LOG.warnf("No price for model '%s' in %s: its cost is recorded as 0", model, RESOURCE);
            }
            return BigDecimal.ZERO;
        }
        return price.get().cost(usage);
    }
}
