package dev.greenboard.model.ci;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The one rule that merges every execution of one job name on one commit (docs/definitions.md, "Job on a commit"):
 * the latest execution decides, except that a success after a failure is {@link CommitJobStatus#FLAKY}, a cancelled
 * execution loses to any other result, and a skipped one loses to a real result. Queued and running stay apart. The
 * HUD shows it in a cell and commit health classifies commits with it.
 * <p>
 * The merge is a fold over the executions in chronological order ({@link Fold}).
 */
public final class JobExecutionMerge {

    /** The order in which executions happened: creation time (unknown first), then attempt, then id. */
    public static final Comparator<JobExecution> CHRONOLOGICAL = Comparator
            .comparing(JobExecution::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(JobExecution::runAttempt)
            .thenComparingLong(JobExecution::jobId);

    private JobExecutionMerge() {
    }

    /** The merge of these executions, in any order. */
    public static CommitJob merge(List<JobExecution> executions) {
        if (executions.isEmpty()) {
            return CommitJob.NONE;
        }
        if (executions.size() == 1) {
            return merge(executions.get(0));
        }
        List<JobExecution> chronological = new ArrayList<>(executions);
        chronological.sort(CHRONOLOGICAL);
        Fold fold = new Fold();
        for (JobExecution execution : chronological) {
            fold.add(execution.jobId(), statusOf(execution));
        }
        return fold.result();
    }

    /** The merge of a single execution. */
    public static CommitJob merge(JobExecution execution) {
        Fold fold = new Fold();
        fold.add(execution.jobId(), statusOf(execution));
        return fold.result();
    }

    /** The status of one execution, from GitHub's status and conclusion. */
    public static CommitJobStatus statusOf(JobExecution execution) {
        return statusOf(execution.status(), execution.conclusion());
    }

    /** The status of one execution, from GitHub's status and conclusion (any letter case). */
    public static CommitJobStatus statusOf(String status, String conclusion) {
        CommitJobStatus exact = exactStatusOf(status, conclusion);
        // GitHub spells them in lower case; anything else is read as its lower case would be.
        return exact != null ? exact : exactStatusOf(lower(status), lower(conclusion));
    }

    private static CommitJobStatus exactStatusOf(String status, String conclusion) {
        if (!"completed".equals(status)) {
            if ("in_progress".equals(status)) {
                return CommitJobStatus.RUNNING;
            }
            return status == null || status.equals(lower(status)) ? CommitJobStatus.QUEUED : null;
        }
        if (conclusion == null) {
            return CommitJobStatus.FAILURE; // a completed job with no conclusion: not a success
        }
        return switch (conclusion) {
            case "success", "neutral" -> CommitJobStatus.SUCCESS;
            case "cancelled" -> CommitJobStatus.CANCELLED;
            case "timed_out" -> CommitJobStatus.TIMED_OUT;
            case "skipped", "stale" -> CommitJobStatus.SKIPPED;
            // failure, startup_failure, action_required: not a success
            default -> conclusion.equals(lower(conclusion)) ? CommitJobStatus.FAILURE : null;
        };
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }

    /**
     * The merge, fed executions oldest first (ties on the creation time broken by attempt, then id, as
     * {@link #CHRONOLOGICAL}). A cancelled execution counts only when all were cancelled, a skipped one only when none
     * had a real result; of those that count, the latest decides, and a success is FLAKY when one of them failed or
     * timed out.
     */
    private static final class Fold {

        private int attempts;
        private CommitJobStatus latestReal;
        private long latestRealJob;
        private boolean realFailed;
        private boolean skipped;
        private long latestSkippedJob;
        private long latestCancelledJob;

        /** Adds the next execution (none may be older than one added before). */
        void add(long jobId, CommitJobStatus status) {
            attempts++;
            switch (status) {
                case CANCELLED -> latestCancelledJob = jobId;
                case SKIPPED -> {
                    skipped = true;
                    latestSkippedJob = jobId;
                }
                default -> {
                    latestReal = status;
                    latestRealJob = jobId;
                    if (status.failed()) {
                        realFailed = true;
                    }
                }
            }
        }

        CommitJob result() {
            if (attempts == 0) {
                return CommitJob.NONE;
            }
            if (latestReal != null) {
                CommitJobStatus status = latestReal == CommitJobStatus.SUCCESS && realFailed
                        ? CommitJobStatus.FLAKY
                        : latestReal;
                return new CommitJob(status, latestRealJob, attempts);
            }
            if (skipped) {
                return new CommitJob(CommitJobStatus.SKIPPED, latestSkippedJob, attempts);
            }
            return new CommitJob(CommitJobStatus.CANCELLED, latestCancelledJob, attempts);
        }
    }
}
