package dev.greenboard.model.test;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TestReportRepository implements PanacheRepository<TestReport> {

    public Uni<List<TestReport>> forJob(long jobId) {
        return find("jobId", Sort.by("id"), jobId).list();
    }

    public Uni<List<TestReport>> forCommit(long repoId, String sha) {
        return find("repoId = ?1 and sha = ?2", Sort.by("id"), repoId, sha).list();
    }
}
