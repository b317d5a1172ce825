package dev.greenboard.metrics.rollup;

import java.time.Instant;

/** One recorded run of a rollup. */
public record RollupRun(long id, String rollup, String trigger, Instant scheduledFor, String instance,
        Instant startedAt,
        Instant finishedAt, String status, Long rowsWritten, String detail, Long durationMs) {
}
