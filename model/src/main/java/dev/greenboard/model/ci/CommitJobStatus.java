package dev.greenboard.model.ci;

/**
 * What all executions of one job name on one commit amount to (docs/definitions.md, "Job on a commit"): the status
 * a HUD cell shows, and what commit health counts.
 */
public enum CommitJobStatus {

    SUCCESS,
    FAILURE,
    /** Failed, then succeeded on a rerun of the same job on the same commit. */
    FLAKY,
    CANCELLED,
    TIMED_OUT,
    SKIPPED,
    QUEUED,
    RUNNING,
    /** No job of that name ran on that commit. */
    NONE;

    /** Whether this says the job failed for good (the latest real execution failed or timed out). */
    public boolean failed() {
        return this == FAILURE || this == TIMED_OUT;
    }

    /** Whether an execution is still to finish. */
    public boolean unfinished() {
        return this == QUEUED || this == RUNNING;
    }
}
