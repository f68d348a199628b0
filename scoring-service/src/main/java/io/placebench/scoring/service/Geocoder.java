package io.placebench.scoring.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.scoring.config.GeocoderConfig;
import io.placebench.scoring.domain.GeoScoring;
import io.placebench.scoring.domain.geo.GeoData;
import io.placebench.scoring.domain.geo.GeoView;
import io.placebench.scoring.domain.geo.ReverseGeocoder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The service's reverse geocoder. Loading the resources and building the indexes takes a few seconds, so it
 * starts in the background at boot; readiness ({@code GeocoderReadiness}) stays DOWN until it is done, the REST
 * API answers 503 meanwhile and the consumers wait for it.
 */
@ApplicationScoped
public class Geocoder {

    private static final Logger LOG = Logger.getLogger(Geocoder.class);

    @Inject
    GeocoderConfig config;

    @Inject
    MeterRegistry registry;

    private final CompletableFuture<GeoScoring> loading = new CompletableFuture<>();
    private volatile String labelVersion;

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::load, "geocoder-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private void load() {
        try {
            long start = System.nanoTime();
            GeoView view = GeoView.parse(config.view());
            GeoData data = GeoData.loadDefault();
            ReverseGeocoder geocoder = new ReverseGeocoder(data, view, config.coastalKm(), config.placeCapKm());
            GeoScoring scoring = new GeoScoring(geocoder);
            labelVersion = digest(data.version + "|view=" + view + "|coastal=" + config.coastalKm() + "|cap="
                    + config.placeCapKm());
            double seconds = (System.nanoTime() - start) / 1e9;
            registry.timer("placebench.scoring.geocoder.load").record(java.time.Duration.ofNanos(System.nanoTime() - start));
            LOG.infof("Reverse geocoder ready in %.1f s: %d countries, %d regions, %d units, %d places (%s view)",
                    seconds, data.countries.size(), data.regions.size(), data.units.size(), data.places.size,
                    view.name().toLowerCase(Locale.ROOT));
            loading.complete(scoring);
        } catch (RuntimeException | Error e) {
            LOG.error("The reverse geocoder could not be loaded", e);
            loading.completeExceptionally(e);
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isReady() {
        return loading.isDone() && !loading.isCompletedExceptionally();
    }

    /** Why the geocoder is not ready: "loading" or the load failure. */
    public String status() {
        if (!loading.isDone()) {
            return "loading";
        }
        try {
            loading.getNow(null);
            return "ready";
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }

    /** The geocoder if it is ready, else null. */
    public GeoScoring now() {
        return isReady() ? loading.getNow(null) : null;
    }

    /** Waits for the geocoder (consumers call this; a record is never scored without it). */
    public GeoScoring await() {
        try {
            return loading.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the geocoder", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The reverse geocoder is not available", e);
        }
    }

    /**
     * Identifies the data and settings truth labels were computed with; a cached label with another version is
     * recomputed.
     */
    public String labelVersion() {
        await();
        return labelVersion;
    }
}
