package dev.greenboard.metrics.flaky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.greenboard.model.testresult.TestStatus;

/** One test's executions in, its health out: grouping by job and commit, branches, precedence, the window. */
class TestHealthAnalyzerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LINUX = "trunk / linux / test";
    private static final String WINDOWS = "trunk / win / test";

    private final TestHealthAnalyzer analyzer = new TestHealthAnalyzer(3);
    private final List<TestExecution> executions = new ArrayList<>();
    private long reports;

    /** Commit i of the default branch is pushed at T0 + i hours and its jobs run 10 minutes later. */
    private void onMain(String job, int commit, int attempt, TestStatus... statuses) {
        Instant pushed = T0.plusSeconds(3600L * commit);
        long report = ++reports;
        for (int i = 0; i < statuses.length; i++) {
            executions.add(new TestExecution(job, "c" + commit, pushed, 0, attempt, report, i, statuses[i],
                    pushed.plusSeconds(600)));
        }
    }

    private void onPullRequest(String job, String sha, Instant ranAt, TestStatus... statuses) {
        long report = ++reports;
        for (int i = 0; i < statuses.length; i++) {
            executions.add(new TestExecution(job, sha, null, 0, 1, report, i, statuses[i], ranAt));
        }
    }

    private TestHealthVerdict analyze(boolean disabled) {
        return analyzer.analyze(executions, T0, disabled);
    }

    @Test
    void aPassingTestIsHealthy() {
        for (int c = 0; c < 5; c++) {
            onMain(LINUX, c, 1, TestStatus.PASSED);
        }
        TestHealthVerdict health = analyze(false);
        assertEquals(TestState.HEALTHY, health.state());
        assertEquals(Set.of(), health.reasons());
        assertEquals(5, health.runs());
        assertEquals(0, health.failures());
    }

    @Test
    void aFailureThenAPassInOneReportIsARerun() {
        onMain(LINUX, 0, 1, TestStatus.PASSED);
        onMain(LINUX, 1, 1, TestStatus.FAILED, TestStatus.PASSED);
        onMain(LINUX, 2, 1, TestStatus.PASSED);
        TestHealthVerdict health = analyze(false);
        assertEquals(TestState.FLAKY, health.state());
        assertEquals(EnumSet.of(FlakeReason.RERUN), health.reasons());
        assertEquals(4, health.runs());
        assertEquals(1, health.failures());
        assertEquals(0, health.flips(), "the commit passed in the end: no flip");
        assertEquals(T0.plusSeconds(3600 + 600), health.lastFlakeAt());
    }

    @Test
    void aPassThenAFailureIsNoRerunFlake() {
        onMain(LINUX, 0, 1, TestStatus.PASSED, TestStatus.FAILED);
        assertEquals(Set.of(), analyze(false).reasons());
    }

    @Test
    void aFlakyResultAndAnotherAttemptAreReruns() {
        onMain(LINUX, 0, 1, TestStatus.FLAKY);
        onMain(WINDOWS, 1, 1, TestStatus.ERROR);
        onMain(WINDOWS, 1, 2, TestStatus.PASSED);
        TestHealthVerdict health = analyze(false);
        assertEquals(EnumSet.of(FlakeReason.RERUN), health.reasons());
        assertEquals(3, health.runs());
        assertEquals(2, health.failures(), "a flaky result failed before its rerun passed");
    }

    @Test
    void rerunsCountOnPullRequestsButFlipsAndRunsDoNot() {
        onMain(LINUX, 0, 1, TestStatus.PASSED);
        onPullRequest(LINUX, "pr1", T0.plusSeconds(60), TestStatus.FAILED);
        onPullRequest(LINUX, "pr2", T0.plusSeconds(120), TestStatus.PASSED);
        onPullRequest(LINUX, "pr3", T0.plusSeconds(180), TestStatus.FAILED, TestStatus.PASSED);
        TestHealthVerdict health = analyze(false);
        assertEquals(EnumSet.of(FlakeReason.RERUN), health.reasons());
        assertEquals(1, health.runs());
        assertEquals(0, health.failures());
        assertEquals(T0.plusSeconds(180), health.lastFlakeAt());
    }

    @Test
    void flipsAreCountedPerJob() {
        // linux P F P; windows F P F: the interleaved order across jobs is irrelevant, linux flips once, windows none
        String linux = "PFP";
        String windows = "FPF";
        for (int c = 0; c < 3; c++) {
            onMain(LINUX, c, 1, linux.charAt(c) == 'P' ? TestStatus.PASSED : TestStatus.FAILED);
            onMain(WINDOWS, c, 1, windows.charAt(c) == 'P' ? TestStatus.PASSED : TestStatus.FAILED);
        }
        TestHealthVerdict health = analyze(false);
        assertEquals(EnumSet.of(FlakeReason.FLIP), health.reasons());
        assertEquals(1, health.flips());
        assertEquals(6, health.runs());
        assertEquals(3, health.failures());
        assertEquals(T0.plusSeconds(3600 + 600), health.lastFlakeAt());
    }

    @Test
    void brokenWinsOverFlakyAndDisabledOverBroken() {
        String history = "PFPFFF";
        for (int c = 0; c < history.length(); c++) {
            onMain(LINUX, c, 1, history.charAt(c) == 'P' ? TestStatus.PASSED : TestStatus.FAILED);
        }
        TestHealthVerdict health = analyze(false);
        assertEquals(TestState.BROKEN, health.state());
        assertEquals(EnumSet.of(FlakeReason.FLIP, FlakeReason.CONSECUTIVE_FAILURES), health.reasons());
        assertEquals(TestState.DISABLED, analyze(true).state());
        assertEquals(health.reasons(), analyze(true).reasons(), "a disabled test keeps its reasons");
    }

    @Test
    void everyAttemptOfACommitMakesOneOutcome() {
        // commit 1 failed on attempt 1 and 2 and passed on 3: one passing commit, so P P P: no flip, one rerun
        onMain(LINUX, 0, 1, TestStatus.PASSED);
        onMain(LINUX, 1, 1, TestStatus.FAILED);
        onMain(LINUX, 1, 2, TestStatus.FAILED);
        onMain(LINUX, 1, 3, TestStatus.PASSED);
        onMain(LINUX, 2, 1, TestStatus.PASSED);
        TestHealthVerdict health = analyze(false);
        assertEquals(EnumSet.of(FlakeReason.RERUN), health.reasons());
        assertEquals(0, health.flips());
        assertEquals(5, health.runs());
        assertEquals(2, health.failures());
    }

    @Test
    void skippedAndOutOfWindowExecutionsDoNotCount() {
        executions.add(new TestExecution(LINUX, "old", T0.minusSeconds(7200), 0, 1, 99, 0, TestStatus.FAILED,
                T0.minusSeconds(3600)));
        onMain(LINUX, 0, 1, TestStatus.SKIPPED);
        onMain(LINUX, 1, 1, TestStatus.PASSED);
        TestHealthVerdict health = analyze(false);
        assertEquals(1, health.runs());
        assertEquals(0, health.failures());
        assertEquals(TestState.HEALTHY, health.state());
    }

    @Test
    void aDisabledTestWithoutRunsHasNoInterval() {
        TestHealthVerdict health = analyze(true);
        assertEquals(TestState.DISABLED, health.state());
        assertEquals(0, health.runs());
        assertNull(health.failureRate().orElse(null));
    }
}
