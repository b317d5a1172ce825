package dev.greenboard.model.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The merge of a job's executions on a commit (docs/definitions.md), one row per case: executions in chronological order, then the expected cell. */
class JobExecutionMergeTest {

    /**
     * @param executions "status/conclusion" of each execution, oldest first, separated by spaces; "-" for none
     * @param expected the merged status
     * @param fromExecution 1-based index of the execution the cell links to (0 for none)
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            -                                              | NONE      | 0
            completed/success                              | SUCCESS   | 1
            completed/failure                              | FAILURE   | 1
            completed/failure completed/success            | FLAKY     | 2
            completed/timed_out completed/success          | FLAKY     | 2
            completed/success completed/failure            | FAILURE   | 2
            completed/failure completed/failure            | FAILURE   | 2
            completed/cancelled                            | CANCELLED | 1
            completed/cancelled completed/cancelled        | CANCELLED | 2
            completed/failure completed/cancelled          | FAILURE   | 1
            completed/cancelled completed/success          | SUCCESS   | 2
            completed/success completed/cancelled          | SUCCESS   | 1
            completed/skipped                              | SKIPPED   | 1
            completed/skipped completed/success            | SUCCESS   | 2
            completed/success completed/skipped            | SUCCESS   | 1
            completed/skipped completed/cancelled          | SKIPPED   | 1
            completed/timed_out                            | TIMED_OUT | 1
            queued/-                                       | QUEUED    | 1
            waiting/-                                      | QUEUED    | 1
            in_progress/-                                  | RUNNING   | 1
            completed/failure in_progress/-                | RUNNING   | 2
            completed/failure queued/-                     | QUEUED    | 2
            completed/failure completed/cancelled queued/- | QUEUED    | 3
            completed/neutral                              | SUCCESS   | 1
            completed/startup_failure                      | FAILURE   | 1
            completed/action_required                      | FAILURE   | 1
            completed/stale                                | SKIPPED   | 1
            """)
    void mergesAsDefined(String executions, CommitJobStatus expected, int fromExecution) {
        List<JobExecution> list = new ArrayList<>();
        if (!executions.equals("-")) {
            String[] parts = executions.trim().split("\\s+");
            for (int i = 0; i < parts.length; i++) {
                String[] sc = parts[i].split("/");
                list.add(new JobExecution(100 + i, i + 1, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(60L * i),
                        sc[0], sc[1].equals("-") ? null : sc[1]));
            }
        }
        CommitJob cell = JobExecutionMerge.merge(list);
        assertEquals(expected, cell.status());
        assertEquals(list.size(), cell.attempts());
        assertEquals(fromExecution == 0 ? null : (Long) (long) (99 + fromExecution), cell.jobId());
    }

    /**
     * The merge as docs/definitions.md words it, step by step: drop the cancelled runs unless all were cancelled, then the skipped
     * ones unless nothing else is left; the latest remaining run decides, and its success is FLAKY when a remaining run
     * failed or timed out. The merge must agree with it on every sequence of up to four executions, in any order.
     */
    @Test
    void agreesWithTheDefinitionOnEverySequenceInAnyOrder() {
        String[][] outcomes = {{"queued", null}, {"in_progress", null}, {"completed", "success"},
                {"completed", "failure"}, {"completed", "timed_out"}, {"completed", "cancelled"},
                {"completed", "skipped"}, {"completed", null}};
        Instant t = Instant.parse("2026-11-02T10:00:00Z");
        Random random = new Random(42);
        int checked = 0;
        for (int length = 1; length <= 4; length++) {
            int combinations = (int) Math.pow(outcomes.length, length);
            for (int code = 0; code < combinations; code++) {
                List<JobExecution> executions = new ArrayList<>();
                for (int i = 0, rest = code; i < length; i++, rest /= outcomes.length) {
                    String[] outcome = outcomes[rest % outcomes.length];
                    // Pairs share a creation time, so that the attempt and id orders are exercised too.
                    executions.add(new JobExecution(100 + i, i + 1, t.plusSeconds(60L * (i / 2)), outcome[0],
                            outcome[1]));
                }
                CommitJob expected = definition(executions);
                Collections.shuffle(executions, random);
                assertEquals(expected, JobExecutionMerge.merge(executions), executions::toString);
                checked++;
            }
        }
        assertEquals(8 + 64 + 512 + 4096, checked);
    }

    @Test
    void readsStatusAndConclusionInAnyCase() {
        assertEquals(CommitJobStatus.FAILURE, JobExecutionMerge.statusOf("COMPLETED", "Failure"));
        assertEquals(CommitJobStatus.SUCCESS, JobExecutionMerge.statusOf("Completed", "SUCCESS"));
        assertEquals(CommitJobStatus.SKIPPED, JobExecutionMerge.statusOf("completed", "Stale"));
        assertEquals(CommitJobStatus.RUNNING, JobExecutionMerge.statusOf("IN_PROGRESS", null));
        assertEquals(CommitJobStatus.QUEUED, JobExecutionMerge.statusOf("Waiting", null));
        assertEquals(CommitJobStatus.QUEUED, JobExecutionMerge.statusOf(null, null));
        assertEquals(CommitJobStatus.FAILURE, JobExecutionMerge.statusOf("completed", null));
        assertEquals(CommitJobStatus.FAILURE, JobExecutionMerge.statusOf("completed", "startup_failure"));
    }

    private static CommitJob definition(List<JobExecution> executions) {
        List<JobExecution> considered = executions.stream()
                .filter(e -> JobExecutionMerge.statusOf(e) != CommitJobStatus.CANCELLED).toList();
        if (considered.isEmpty()) {
            considered = executions;
        }
        List<JobExecution> real = considered.stream()
                .filter(e -> JobExecutionMerge.statusOf(e) != CommitJobStatus.SKIPPED)
                .toList();
        if (!real.isEmpty()) {
            considered = real;
        }
        JobExecution latest = considered.stream().max(JobExecutionMerge.CHRONOLOGICAL).orElseThrow();
        CommitJobStatus status = JobExecutionMerge.statusOf(latest);
        if (status == CommitJobStatus.SUCCESS && considered.stream().map(JobExecutionMerge::statusOf)
                .anyMatch(s -> s == CommitJobStatus.FAILURE || s == CommitJobStatus.TIMED_OUT)) {
            status = CommitJobStatus.FLAKY;
        }
        return new CommitJob(status, latest.jobId(), executions.size());
    }
}
