package dev.greenboard.metrics.flaky;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the flaky-tests job (docs/definitions.md "Flaky test"). */
@ConfigMapping(prefix = "greenboard.flaky-tests")
public interface FlakyTestsConfig {

    /**
     * The windows, in days, the job precomputes test health over; {@code flakyTests(days:)} answers these from the
     * table and any other window from the daily aggregates on request (about a second at 10 M results, so the month
     * people ask for most is precomputed too). Each extra window costs one more pass over the failing tests of the
     * largest one.
     */
    @WithDefault("7,30")
    List<Integer> windows();

    /** The windows without repeats, smallest first; fails on a window under one day. */
    default List<Integer> sortedWindows() {
        List<Integer> windows = windows().stream().distinct().sorted().toList();
        if (windows.isEmpty() || windows.get(0) < 1) {
            throw new IllegalStateException("greenboard.flaky-tests.windows must list days >= 1, got " + windows());
        }
        return windows;
    }

    /**
     * Consecutive failures that make a breakage: at the head of a job's history the test is broken; anywhere else
     * such a streak is not counted as a flip.
     */
    @WithDefault("3")
    int breakageStreak();
}
