package dev.greenboard.metrics.regression;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the test-time-regressions job (docs/definitions.md "Test-time regressions"). */
@ConfigMapping(prefix = "greenboard.test-time-regressions")
public interface TestTimeRegressionsConfig {

    /** Days (UTC) of each period: the current period ends today, the previous one ends the day before it starts. */
    @WithDefault("7")
    int days();

    /** A file is flagged when its mean time grew by more than this share of the previous mean (0.2 = 20%)... */
    @WithDefault("0.2")
    double minIncreaseRatio();

    /** ...and by more than this many seconds: both must hold, so that neither tiny nor huge files flag on noise. */
    @WithDefault("30")
    double minIncreaseSeconds();
}
