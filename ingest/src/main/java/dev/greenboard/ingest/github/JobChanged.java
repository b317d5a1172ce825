package dev.greenboard.ingest.github;

/**
 * Fired (as a CDI event, after the transaction committed) when a webhook changed the stored state of a job, so that
 * live views such as the {@code jobUpdated} subscription can push it.
 */
public record JobChanged(long jobId, long repoId, String repoFullName, String headSha, String headBranch,
        String status, String conclusion) {
}
