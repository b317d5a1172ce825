package dev.greenboard.model.commit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CommitRepository implements PanacheRepositoryBase<Commit, Commit.Key> {

    public Uni<Commit> findBySha(long repoId, String sha) {
        return findById(new Commit.Key(repoId, sha));
    }
}
