package dev.greenboard.metrics.flaky;

import java.time.Instant;
import java.util.Comparator;

import dev.greenboard.model.testresult.TestStatus;

/**
 * One execution of a test: a result row with where and when it ran.
 *
 * @param job the job's full name ({@code <workflow> / <job>}); attempts of a job share it
 * @param commitSeenAt where the commit sits on the default branch; null when it is not on it
 * @param commitOrdinal the commit's place within its push
 * @param ordinal the result's place within its report (a rerun inside a job comes after the first run)
 */
public record TestExecution(String job, String sha, Instant commitSeenAt, int commitOrdinal, int attempt,
        long reportId, int ordinal, TestStatus status, Instant ranAt) {

    /** Job by job; in a job, default-branch commits in branch order, then other commits; then execution order. */
    static final Comparator<TestExecution> HISTORY_ORDER = Comparator.comparing(TestExecution::job)
            .thenComparing(e -> e.commitSeenAt() == null)
            .thenComparing(TestExecution::commitSeenAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(TestExecution::commitOrdinal)
            .thenComparing(TestExecution::sha)
            .thenComparingInt(TestExecution::attempt)
            .thenComparingLong(TestExecution::reportId)
            .thenComparingInt(TestExecution::ordinal);

    public boolean onDefaultBranch() {
        return commitSeenAt != null;
    }

    /** Whether it counts as a failure in failure rates: failed, error, or flaky (it failed before a rerun passed). */
    public boolean failing() {
        return status == TestStatus.FAILED || status == TestStatus.ERROR || status == TestStatus.FLAKY;
    }

    /** Whether the test passed in the end: passed, or flaky. */
    public boolean passing() {
        return status == TestStatus.PASSED || status == TestStatus.FLAKY;
    }
}
