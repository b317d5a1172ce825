package dev.greenboard.metrics.health;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Classifies a commit from the executions of its blocking jobs. The executions of one job name are merged as the HUD
 * merges a cell ({@code dev.greenboard.graphql.hud.HudCellMerger}, which lives in the gateway module): the latest
 * execution decides, a cancelled one loses to any other and a skipped one to a real result, and a success after a
 * failure is flaky. A test in the gateway checks that both agree on every case.
 */
public final class CommitHealthClassifier {

    /** One execution of a job, as GitHub reports it. */
    public record Execution(long jobId, int runAttempt, Instant createdAt, String status, String conclusion) {
    }

    /** What the executions of one job name on one commit say. */
    public enum Verdict {
        SUCCESS, FLAKY, FAILURE, PENDING,
        /** Cancelled or skipped: no signal either way. */
        NO_SIGNAL
    }

    /** The classification of one commit. */
    public record CommitHealth(CommitState state, int jobs, int brokenJobs, int flakyJobs, int pendingJobs) {
    }

    /** The result of one execution, with GitHub's status and conclusion read as the HUD reads them. */
    private enum Result {
        SUCCESS, FAILURE, CANCELLED, SKIPPED, UNFINISHED
    }

    private static final Comparator<Execution> CHRONOLOGICAL = Comparator
            .comparing(Execution::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(Execution::runAttempt)
            .thenComparingLong(Execution::jobId);

    private CommitHealthClassifier() {
    }

    /**
     * The state of a commit from its blocking jobs, each given as the list of its executions: broken if a job's
     * latest attempt failed; else pending if a job is unfinished; else flaky if a job failed before it passed; else
     * green if a job passed; else none. Pending comes before flaky because a commit is only flaky for good once
     * every job has finished: an unfinished job may still fail and make it broken.
     */
    public static CommitHealth classify(Collection<List<Execution>> jobs) {
        int broken = 0;
        int flaky = 0;
        int pending = 0;
        int passed = 0;
        for (List<Execution> executions : jobs) {
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

    /** Merges the executions of one job name on one commit; an empty list gives no signal. */
    public static Verdict verdict(List<Execution> executions) {
        if (executions.isEmpty()) {
            return Verdict.NO_SIGNAL;
        }
        List<Execution> considered = executions.stream().filter(e -> resultOf(e) != Result.CANCELLED).toList();
        if (considered.isEmpty()) {
            return Verdict.NO_SIGNAL;
        }
        List<Execution> real = considered.stream().filter(e -> resultOf(e) != Result.SKIPPED).toList();
        if (real.isEmpty()) {
            return Verdict.NO_SIGNAL;
        }
        Execution latest = real.stream().max(CHRONOLOGICAL).orElseThrow();
        return switch (resultOf(latest)) {
            case UNFINISHED -> Verdict.PENDING;
            case FAILURE -> Verdict.FAILURE;
            case SUCCESS -> real.stream().anyMatch(e -> resultOf(e) == Result.FAILURE)
                    ? Verdict.FLAKY
                    : Verdict.SUCCESS;
            // Filtered out above.
            case CANCELLED, SKIPPED -> Verdict.NO_SIGNAL;
        };
    }

    /** As HudCellMerger.statusOf, with timed out counted as the failure it is. */
    private static Result resultOf(Execution execution) {
        if (!"completed".equals(lower(execution.status()))) {
            return Result.UNFINISHED;
        }
        return switch (lower(execution.conclusion())) {
            case "success", "neutral" -> Result.SUCCESS;
            case "cancelled" -> Result.CANCELLED;
            case "skipped", "stale" -> Result.SKIPPED;
            // failure, timed_out, startup_failure, action_required, or a completed job with no conclusion
            default -> Result.FAILURE;
        };
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
