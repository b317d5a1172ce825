package dev.greenboard.metrics.job;

/** What one run wrote: rows inserted, updated or deleted in rollup tables, and a sentence for people. */
public record JobOutcome(long rowsWritten, String detail) {

    public static JobOutcome of(long rowsWritten, String detail) {
        return new JobOutcome(rowsWritten, detail);
    }
}
