package dev.greenboard.metrics.health;

import java.util.Locale;

/** The verdict on one commit over its blocking jobs (docs/definitions.md "Commit health"). */
public enum CommitState {

    /** Every blocking job that gave a signal passed on its first try. */
    GREEN,
    /** No job's latest attempt failed, nothing is unfinished, and some job failed before it passed. */
    FLAKY,
    /** The latest attempt of some blocking job failed. */
    BROKEN,
    /** Nothing failed for good yet, and some blocking job is queued or running. */
    PENDING,
    /** No blocking job gave a signal: none ran, or every one was cancelled or skipped. */
    NONE;

    /** As stored in {@code commit_health.state}. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
