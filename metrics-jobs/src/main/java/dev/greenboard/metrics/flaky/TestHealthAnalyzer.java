package dev.greenboard.metrics.flaky;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.greenboard.model.testresult.TestStatus;

/**
 * Decides the health of one test from its executions in a window (docs/definitions.md "Flaky test"). Pure: the job feeds it rows,
 * tests feed it lists.
 * <p>
 * Executions are grouped by job and commit; a group holds every attempt of the job on that commit, so "inside one
 * job" covers a rerun inside one execution (a flaky result, or a failed result followed by a passed one) and a later
 * attempt of the job (attempt 1 failed, attempt 2 passed): the code was the same, the outcome was not. Reruns count
 * on every branch. Flips, breakages, runs and failures use the default branch only, where a failure is not the
 * pull request's own fault.
 */
public final class TestHealthAnalyzer {

    private final int breakageStreak;

    public TestHealthAnalyzer(int breakageStreak) {
        if (breakageStreak < 2) {
            throw new IllegalArgumentException("The breakage streak must be at least 2, got " + breakageStreak);
        }
        this.breakageStreak = breakageStreak;
    }

    /**
     * @param executions the test's executions in any order; those before {@code windowFrom} and skipped ones are left
     *        out
     * @param disabled whether the test is on the disabled list
     */
    public TestHealthVerdict analyze(List<TestExecution> executions, Instant windowFrom, boolean disabled) {
        List<TestExecution> inWindow = executions.stream()
                .filter(e -> e.status() != TestStatus.SKIPPED && !e.ranAt().isBefore(windowFrom))
                .sorted(TestExecution.HISTORY_ORDER).toList();

        Set<FlakeReason> reasons = EnumSet.noneOf(FlakeReason.class);
        Instant lastFlakeAt = null;
        int runs = 0;
        int failures = 0;
        int flips = 0;
        Map<String, List<FlipDetector.CommitOutcome>> outcomesByJob = new LinkedHashMap<>();
        for (List<TestExecution> group : byJobAndCommit(inWindow)) {
            Instant rerunAt = rerunFlakeAt(group);
            if (rerunAt != null) {
                reasons.add(FlakeReason.RERUN);
                lastFlakeAt = FlipDetector.later(lastFlakeAt, rerunAt);
            }
            TestExecution first = group.get(0);
            if (!first.onDefaultBranch()) {
                continue;
            }
            boolean passed = false;
            Instant ranAt = null;
            for (TestExecution execution : group) {
                runs++;
                failures += execution.failing() ? 1 : 0;
                passed |= execution.passing();
                ranAt = FlipDetector.later(ranAt, execution.ranAt());
            }
            outcomesByJob.computeIfAbsent(first.job(), job -> new ArrayList<>())
                    .add(new FlipDetector.CommitOutcome(!passed, ranAt));
        }
        for (List<FlipDetector.CommitOutcome> outcomes : outcomesByJob.values()) {
            FlipDetector.Flips found = FlipDetector.detect(outcomes, breakageStreak);
            if (found.count() > 0) {
                reasons.add(FlakeReason.FLIP);
                flips += found.count();
                lastFlakeAt = FlipDetector.later(lastFlakeAt, found.lastAt());
            }
            if (found.trailingFailures() >= breakageStreak) {
                reasons.add(FlakeReason.CONSECUTIVE_FAILURES);
            }
        }
        return new TestHealthVerdict(state(reasons, disabled), reasons, runs, failures, flips, lastFlakeAt,
                WilsonInterval.of(failures, runs));
    }

    private static TestState state(Set<FlakeReason> reasons, boolean disabled) {
        if (disabled) {
            return TestState.DISABLED;
        }
        if (reasons.contains(FlakeReason.CONSECUTIVE_FAILURES)) {
            return TestState.BROKEN;
        }
        return reasons.isEmpty() ? TestState.HEALTHY : TestState.FLAKY;
    }

    /** Consecutive executions of the same job on the same commit (the input is in history order). */
    private static List<List<TestExecution>> byJobAndCommit(List<TestExecution> ordered) {
        List<List<TestExecution>> groups = new ArrayList<>();
        List<TestExecution> current = null;
        for (TestExecution execution : ordered) {
            if (current == null || !current.get(0).job().equals(execution.job())
                    || !current.get(0).sha().equals(execution.sha())) {
                current = new ArrayList<>();
                groups.add(current);
            }
            current.add(execution);
        }
        return groups;
    }

    /**
     * When the group showed a rerun flake: a flaky result, or a pass after a failure; the time of the newest such
     * result. Null when it did not.
     */
    private static Instant rerunFlakeAt(List<TestExecution> group) {
        Instant at = null;
        boolean failedBefore = false;
        for (TestExecution execution : group) {
            if (execution.status() == TestStatus.FLAKY || (execution.status() == TestStatus.PASSED && failedBefore)) {
                at = FlipDetector.later(at, execution.ranAt());
            }
            failedBefore |= execution.status() == TestStatus.FAILED || execution.status() == TestStatus.ERROR;
        }
        return at;
    }
}
