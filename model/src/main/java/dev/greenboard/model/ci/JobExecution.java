package dev.greenboard.model.ci;

import java.time.Instant;

/**
 * One execution of a CI job (one row of table {@code job}) as the merge of a commit's executions needs it: GitHub's
 * status and conclusion as stored, in any letter case.
 */
public record JobExecution(long jobId, int runAttempt, Instant createdAt, String status, String conclusion) {
}
