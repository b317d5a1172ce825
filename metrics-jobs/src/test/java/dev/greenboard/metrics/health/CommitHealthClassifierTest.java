package dev.greenboard.metrics.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.greenboard.metrics.health.CommitHealthClassifier.CommitHealth;
import dev.greenboard.metrics.health.CommitHealthClassifier.Verdict;
import dev.greenboard.model.ci.JobExecution;

class CommitHealthClassifierTest {

    private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

    /**
     * One job name's executions, oldest first, as {@code status/conclusion} separated by spaces ({@code queued},
     * {@code in_progress}, {@code completed/failure}, ...); each is created a minute after the one before.
     */
    private static List<JobExecution> executions(String spec) {
        List<JobExecution> executions = new ArrayList<>();
        if (spec.isBlank()) {
            return executions;
        }
        String[] parts = spec.trim().split("\\s+");
        for (int i = 0; i < parts.length; i++) {
            String[] statusAndConclusion = parts[i].split("/");
            executions.add(new JobExecution(100 + i, i + 1, T.plusSeconds(60L * i), statusAndConclusion[0],
                    statusAndConclusion.length > 1 ? statusAndConclusion[1] : null));
        }
        return executions;
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            completed/success                              | SUCCESS
            completed/neutral                              | SUCCESS
            completed/failure                              | FAILURE
            completed/timed_out                            | FAILURE
            completed/startup_failure                      | FAILURE
            completed                                      | FAILURE
            completed/failure completed/success            | FLAKY
            completed/timed_out completed/success          | FLAKY
            completed/success completed/failure            | FAILURE
            completed/failure completed/failure            | FAILURE
            completed/failure in_progress                  | PENDING
            queued                                         | PENDING
            waiting                                        | PENDING
            completed/failure completed/cancelled          | FAILURE
            completed/success completed/cancelled          | SUCCESS
            completed/cancelled                            | NO_SIGNAL
            completed/cancelled completed/cancelled        | NO_SIGNAL
            completed/skipped                              | NO_SIGNAL
            completed/cancelled completed/skipped          | NO_SIGNAL
            completed/success completed/skipped            | SUCCESS
            completed/failure completed/skipped            | FAILURE
            completed/failure completed/cancelled completed/success | FLAKY
            ''                                             | NO_SIGNAL
            """)
    void mergesTheExecutionsOfOneJobAsTheHudDoes(String spec, Verdict expected) {
        assertEquals(expected, CommitHealthClassifier.verdict(executions(spec)));
    }

    @Test
    void theLatestExecutionDecidesWhateverTheOrderGiven() {
        List<JobExecution> executions = new ArrayList<>(executions("completed/failure completed/success"));
        java.util.Collections.reverse(executions);
        assertEquals(Verdict.FLAKY, CommitHealthClassifier.verdict(executions));
        // Same creation time: the higher attempt is the later one.
        List<JobExecution> sameTime = List.of(new JobExecution(2, 2, T, "completed", "failure"),
                new JobExecution(1, 1, T, "completed", "success"));
        assertEquals(Verdict.FAILURE, CommitHealthClassifier.verdict(sameTime));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            completed/success ; completed/success                   | GREEN   | 2 | 0 | 0 | 0
            completed/success ; completed/failure completed/success | FLAKY   | 2 | 0 | 1 | 0
            completed/failure ; completed/failure completed/success | BROKEN  | 2 | 1 | 1 | 0
            completed/failure ; in_progress                         | BROKEN  | 2 | 1 | 0 | 1
            completed/failure completed/success ; queued            | PENDING | 2 | 0 | 1 | 1
            completed/success ; in_progress ; completed/cancelled   | PENDING | 3 | 0 | 0 | 1
            completed/success ; completed/cancelled                 | GREEN   | 2 | 0 | 0 | 0
            completed/cancelled ; completed/skipped                 | NONE    | 2 | 0 | 0 | 0
            """)
    void classifiesACommitFromItsJobs(String jobs, CommitState state, int count, int broken, int flaky,
            int pending) {
        List<List<JobExecution>> byJob = new ArrayList<>();
        for (String job : jobs.split(";")) {
            byJob.add(executions(job));
        }
        assertEquals(new CommitHealth(state, count, broken, flaky, pending), CommitHealthClassifier.classify(byJob));
    }

    @Test
    void aCommitWithNoBlockingJobIsNone() {
        assertEquals(new CommitHealth(CommitState.NONE, 0, 0, 0, 0), CommitHealthClassifier.classify(List.of()));
    }

    @Test
    void displayNamesMatchTheHudColumns() {
        assertEquals("pull / build", CommitHealthRollup.displayName("pull", "build"));
        assertEquals("build", CommitHealthRollup.displayName(null, "build"));
        assertEquals("build", CommitHealthRollup.displayName(" ", "build"));
    }
}
