package dev.greenboard.model.commit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PullRequestRepository implements PanacheRepositoryBase<PullRequest, PullRequest.Key> {

    public Uni<PullRequest> findByNumber(long repoId, int number) {
        return findById(new PullRequest.Key(repoId, number));
    }

    /** Every head the pull request has had, force-pushed ones included, oldest first. */
    public Uni<List<String>> headShas(long repoId, int number) {
        return getSession().flatMap(session -> session
                .createNativeQuery("select sha from pull_request_commit where repo_id = :repo and number = :number"
                        + " order by seen_at, sha", String.class)
                .setParameter("repo", repoId)
                .setParameter("number", number)
                .getResultList());
    }
}
