package io.placebench.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings under {@code placebench.analytics}. */
@ConfigMapping(prefix = "placebench.analytics")
public interface AnalyticsConfig {

    /** How often the gauges re-count active runs and stored score rows. */
    @WithDefault("5s")
    Duration gaugeRefresh();
}
