package dev.greenboard.metrics.platform;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the platform-smoke-tests job (docs/definitions.md "Platform smoke tests"). */
@ConfigMapping(prefix = "greenboard.platform-smoke-tests")
public interface PlatformSmokeTestsConfig {

    /**
     * The windows, in days (UTC, today included), the job computes; {@code platformSmokeTests(days:)} and the JSON
     * file answer for these only, by default for the first.
     */
    @WithDefault("14")
    List<Integer> windows();

    /** The windows without repeats, smallest first; fails on a window under one day. */
    default List<Integer> sortedWindows() {
        List<Integer> windows = windows().stream().distinct().sorted().toList();
        if (windows.isEmpty() || windows.get(0) < 1) {
            throw new IllegalStateException("greenboard.platform-smoke-tests.windows must list days >= 1, got "
                    + windows());
        }
        return windows;
    }

    /** A test is listed for a platform when the one-sided Fisher exact test gives a p-value below this. */
    @WithDefault("0.01")
    double maxPValue();

    /** Runs needed on the platform and on all other platforms together before a test is judged. */
    @WithDefault("10")
    int minRuns();
}
