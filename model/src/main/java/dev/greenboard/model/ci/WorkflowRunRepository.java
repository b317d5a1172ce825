package dev.greenboard.model.ci;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class WorkflowRunRepository implements PanacheRepositoryBase<WorkflowRun, WorkflowRun.Key> {

    public Uni<WorkflowRun> findAttempt(long runId, int attempt) {
        return findById(new WorkflowRun.Key(runId, attempt));
    }

    /** All attempts of all runs on one commit. */
    public Uni<List<WorkflowRun>> forCommit(long repoId, String sha) {
        return find("repoId = ?1 and headSha = ?2", Sort.by("createdAt", "id", "runAttempt"), repoId, sha).list();
    }
}
