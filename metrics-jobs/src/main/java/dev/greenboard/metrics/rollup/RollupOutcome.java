package dev.greenboard.metrics.rollup;

/** What one run wrote: rows inserted, updated or deleted in rollup tables, and a sentence for people. */
public record RollupOutcome(long rowsWritten, String detail) {

    public static RollupOutcome of(long rowsWritten, String detail) {
        return new RollupOutcome(rowsWritten, detail);
    }
}
