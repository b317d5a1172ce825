package dev.greenboard.ingest.generator;

import java.time.Duration;
import java.time.Instant;

/**
 * The size and shape of a generated history. {@link #demo} is what {@code GREENBOARD_DEMO=true} seeds; the benchmark
 * scales commits and tests up.
 *
 * @param testsPerFile test cases per test file and config (spread over a few classes)
 * @param liveTail whether the newest commit still has queued and running jobs
 */
public record HistorySettings(String repo, long seed, Instant end, int commits, Duration commitInterval,
        int testsPerFile, boolean liveTail) {

    public static HistorySettings demo(String repo, Instant end) {
        return new HistorySettings(repo, 42, end, 24, Duration.ofHours(3), 40, true);
    }

    public Instant start() {
        return end.minus(commitInterval.multipliedBy(commits));
    }
}
