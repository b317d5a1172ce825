package dev.greenboard.model.commit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class BranchCommitRepository implements PanacheRepositoryBase<BranchCommit, BranchCommit.Key> {

    /** The newest commits of a branch, newest first. */
    public Uni<List<BranchCommit>> newest(long repoId, String branch, int limit) {
        return find("repoId = ?1 and branch = ?2", Sort.descending("seenAt", "pushOrdinal", "sha"), repoId, branch)
                .range(0, limit - 1)
                .list();
    }
}
