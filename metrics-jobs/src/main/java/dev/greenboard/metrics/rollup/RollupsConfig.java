package dev.greenboard.metrics.rollup;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the rollups. */
@ConfigMapping(prefix = "greenboard.rollups")
public interface RollupsConfig {

    /** Whether rollups run on their schedules in this instance (they can always be run by hand). */
    @WithDefault("true")
    boolean schedulerEnabled();

    /** Per-rollup cron overrides: {@code greenboard.rollups.schedule."flaky-tests"=0 0/30 * * * ?}. */
    Map<String, String> schedule();
}
