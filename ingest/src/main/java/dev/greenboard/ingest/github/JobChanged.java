package dev.greenboard.ingest.github;

/**
 * A job whose stored state a delivery changed. Its id is announced on
 * {@link dev.greenboard.model.ci.JobChangeNotices}'s channel in the delivery's transaction, which is how live views
 * of every instance (the {@code jobUpdated} subscription) hear of it.
 */
public record JobChanged(long jobId, long repoId, String repoFullName, String headSha, String headBranch,
        String status, String conclusion) {
}
