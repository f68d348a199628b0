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
     * While scores arrive, a run's figures (bootstrap intervals included) are recomputed in the background at most
     * this often; meanwhile the live stream sends the previous ones. REST reads always get current figures (computing
     * them when the background has not yet).
     */
    @WithDefault("500ms")
    Duration figuresDebounce();
}
