package dev.greenboard.ingest.report;

import java.util.Map;

/**
 * Where a report comes from, as the upload's query parameters say (docs/ingest.md). Labels such as {@code platform} and
 * {@code config} override what would be derived from the job name; {@code invokingFile} names the test file of a
 * whole report, as PyTorch's uploads do.
 */
public record ReportSource(String repo, String sha, Long workflowRunId, int runAttempt, Long jobId, String jobName,
        String workflowName, String branch, Map<String, String> labels) {
}
