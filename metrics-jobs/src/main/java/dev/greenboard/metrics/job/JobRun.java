package dev.greenboard.metrics.job;

import java.time.Instant;

/** One recorded run of a job. */
public record JobRun(long id, String job, String trigger, Instant scheduledFor, String instance, Instant startedAt,
        Instant finishedAt, String status, Long rowsWritten, String detail, Long durationMs) {
}
