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
     * For the live stream, a run's figures (bootstrap intervals included) are recomputed at most this often while
     * scores arrive; meanwhile the previous ones are sent, and the current ones follow once the debounce has passed.
     * REST reads always get current figures.
     */
    @WithDefault("500ms")
    Duration figuresDebounce();
}
