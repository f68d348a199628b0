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

    /** How often changed runs are re-read for the live stream and the per-run gauges. */
    @WithDefault("200ms")
    Duration liveTick();

    /**
     * A run's figures (bootstrap intervals included) are recomputed at most this often while scores arrive;
     * meanwhile the previous ones are served. A run whose scores stopped changing is recomputed at once.
     */
    @WithDefault("500ms")
    Duration figuresDebounce();
}
