package dev.greenboard.metrics.flaky;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The health of one test over one window.
 *
 * @param runs default-branch executions in the window (skipped ones do not count)
 * @param failures those of them that failed (failed, error or flaky)
 * @param lastFlakeAt when the newest rerun-flake or flip happened; null without either
 * @param failureRate the 95% Wilson interval of failures / runs; empty without runs
 */
public record TestHealthVerdict(TestState state, Set<FlakeReason> reasons, int runs, int failures, int flips,
        Instant lastFlakeAt, Optional<WilsonInterval> failureRate) {
}
