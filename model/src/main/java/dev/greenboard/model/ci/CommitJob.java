package dev.greenboard.model.ci;

/**
 * The merge of every execution of one job name on one commit.
 *
 * @param status what they amount to
 * @param jobId the execution the status comes from; null when there is none
 * @param attempts how many executions there were
 */
public record CommitJob(CommitJobStatus status, Long jobId, int attempts) {

    public static final CommitJob NONE = new CommitJob(CommitJobStatus.NONE, null, 0);
}
