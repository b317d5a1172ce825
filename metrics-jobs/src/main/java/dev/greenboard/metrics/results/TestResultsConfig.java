package dev.greenboard.metrics.results;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the test-statistics jobs read raw test results. */
@ConfigMapping(prefix = "greenboard.test-results")
public interface TestResultsConfig {

    /**
     * How far before its last run a job looks again for new reports. A report's receive time is taken when its
     * upload starts, so a large upload can commit after a job ran with a later watermark; re-reading this margin
     * catches it. Re-reading costs time, never correctness: the jobs write only rows whose values changed.
     */
    @WithDefault("PT15M")
    Duration lateArrival();
}
