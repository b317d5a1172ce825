package dev.greenboard.metrics;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the metrics jobs. */
@ConfigMapping(prefix = "greenboard.metrics")
public interface MetricsConfig {

    /** Whether jobs run on their schedules in this instance (they can always be run by hand). */
    @WithDefault("true")
    boolean schedulerEnabled();

    /** Per-job cron overrides: {@code greenboard.metrics.schedule."flaky-tests"=0 0/30 * * * ?}. */
    Map<String, String> schedule();
}
