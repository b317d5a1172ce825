package dev.greenboard.metrics.health;

import java.util.Collection;
import java.util.List;

import dev.greenboard.model.ci.CommitJobStatus;
import dev.greenboard.model.ci.JobExecution;
import dev.greenboard.model.ci.JobExecutionMerge;

/**
 * Classifies a commit from the executions of its blocking jobs, each job name merged by the one rule the HUD shows
 * ({@link JobExecutionMerge}; docs/definitions.md, "Job on a commit" and "Commit health").
 */
public final class CommitHealthClassifier {

    /** What the executions of one job name on one commit say. */
    public enum Verdict {
        SUCCESS,
        FLAKY,
        FAILURE,
        PENDING,
        /** Cancelled or skipped: no signal either way. */
        NO_SIGNAL
    }

    /** The classification of one commit. */
    public record CommitHealth(CommitState state, int jobs, int brokenJobs, int flakyJobs, int pendingJobs) {
    }

    private CommitHealthClassifier() {
    }

    /**
     * The state of a commit from its blocking jobs, each given as the list of its executions: broken if a job's
     * latest attempt failed; else pending if a job is unfinished; else flaky if a job failed before it passed; else
     * green if a job passed; else none. Pending comes before flaky because a commit is only flaky for good once
     * every job has finished: an unfinished job may still fail and make it broken.
     */
    public static CommitHealth classify(Collection<List<JobExecution>> jobs) {
        int broken = 0;
        int flaky = 0;
        int pending = 0;
        int passed = 0;
        for (List<JobExecution> executions : jobs) {
            switch (verdict(executions)) {
                case FAILURE -> broken++;
                case FLAKY -> flaky++;
                case PENDING -> pending++;
                case SUCCESS -> passed++;
                case NO_SIGNAL -> {
                }
            }
        }
        CommitState state;
        if (broken > 0) {
            state = CommitState.BROKEN;
        } else if (pending > 0) {
            state = CommitState.PENDING;
        } else if (flaky > 0) {
            state = CommitState.FLAKY;
        } else if (passed > 0) {
            state = CommitState.GREEN;
        } else {
            state = CommitState.NONE;
        }
        return new CommitHealth(state, jobs.size(), broken, flaky, pending);
    }

    /** What the merge of one job name's executions says; an empty list gives no signal. */
    public static Verdict verdict(List<JobExecution> executions) {
        return verdict(JobExecutionMerge.merge(executions).status());
    }

    static Verdict verdict(CommitJobStatus status) {
        return switch (status) {
            case SUCCESS -> Verdict.SUCCESS;
            case FLAKY -> Verdict.FLAKY;
            case FAILURE, TIMED_OUT -> Verdict.FAILURE;
            case QUEUED, RUNNING -> Verdict.PENDING;
            case CANCELLED, SKIPPED, NONE -> Verdict.NO_SIGNAL;
        };
    }
}
