package io.placebench.scoring.health;

import io.placebench.scoring.service.Geocoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the reverse geocoder has loaded (a few seconds after boot). */
@Readiness
@ApplicationScoped
public class GeocoderReadiness implements HealthCheck {

    @Inject
    Geocoder geocoder;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("reverse-geocoder").status(geocoder.isReady())
                .withData("status", geocoder.status()).build();
    }
}
