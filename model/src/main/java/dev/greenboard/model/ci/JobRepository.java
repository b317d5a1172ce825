package dev.greenboard.model.ci;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, Long> {

    /** Every job execution on a set of commits, in one query (the HUD asks for a page of commits at once). */
    public Uni<List<Job>> forCommits(long repoId, List<String> shas) {
        return find("repoId = ?1 and headSha in ?2", Sort.by("headSha", "name", "runAttempt", "id"), repoId, shas)
                .list();
    }

    public Uni<List<Job>> forRun(long runId, int attempt) {
        return find("runId = ?1 and runAttempt = ?2", Sort.by("name", "id"), runId, attempt).list();
    }
}
