package dev.greenboard.model.test;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TestResultRepository implements PanacheRepositoryBase<TestResult, TestResult.Key> {

    public Uni<List<TestResult>> forReport(long reportId) {
        return find("reportId", Sort.by("ordinal"), reportId).list();
    }

    /** The newest results of one test. */
    public Uni<List<TestResult>> history(long testId, int limit) {
        return find("testId", Sort.descending("receivedAt", "reportId", "ordinal"), testId).range(0, limit - 1).list();
    }
}
