package dev.greenboard.model.joblog;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where the plain-text log of a CI job is read from. The module that takes data in implements it (GitHub's REST API,
 * in {@code ingest}); the log-classifications rollup reads through it, so that the rollups speak no HTTP themselves.
 */
public interface JobLogSource {

    /** Why no log can be read here (no credentials configured), or empty when logs can be read. */
    Optional<String> unavailableReason();

    /**
     * Opens the log of a job, streamed: the caller reads as much of it as it needs and closes it.
     *
     * @param repoFullName the repository as {@code owner/name}
     * @param jobId the job's id at the CI system (GitHub's job id)
     * @throws JobLogException when the log cannot be opened: {@link JobLogException#gone()} for a log that will never
     *         be readable (expired, deleted), else for a failure that may pass
     */
    InputStream open(String repoFullName, long jobId) throws JobLogException;
}
