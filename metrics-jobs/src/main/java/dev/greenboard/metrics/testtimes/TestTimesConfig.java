package dev.greenboard.metrics.testtimes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the test-times rollup (docs/definitions.md "Test times", "Slow tests"). */
@ConfigMapping(prefix = "greenboard.test-times")
public interface TestTimesConfig {

    /** How many of the newest green default-branch commits are averaged. */
    @WithDefault("3")
    int commits();

    /** A test whose mean duration exceeds this many seconds is slow. */
    @WithDefault("60")
    double slowTestSeconds();
}
