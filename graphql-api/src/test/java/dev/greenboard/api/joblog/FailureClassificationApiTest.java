package dev.greenboard.api.joblog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/**
 * {@code failureClassifications} on a hand-made history, rows as the log-classifications rollup writes them (its
 * reading of logs is metrics-jobs' LogClassificationsRollupTest). In the first week of November 2026, on main: three
 * jobs failed in test_a (Nov 2, 3, 4), two in test_b (Nov 3, 5), one with a RuntimeError (Nov 6), one whose log no
 * rule matched, one whose log was gone, and one not classified yet. Outside it: a test_a failure on Oct 20, and a
 * failed job of another branch without a classification (not counted).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureClassificationApiTest {

    private static final String QUERY = """
            query($repo: String!, $from: DateTime, $to: DateTime, $first: Int) {
              failureClassifications(repo: $repo, from: $from, to: $to, first: $first) {
                repository branch from to matched unmatched unavailable unclassified
                groups { rule captured count exampleLine exampleJobId exampleJobName exampleJobUrl lastSeen } } }""";

    private static final AtomicLong JOB_IDS = new AtomicLong(8_800_000_000L + System.nanoTime() % 1_000_000 * 1000);

    @Inject
    AgroalDataSource dataSource;

    String repo;
    long newestTestA;

    @BeforeEach
    void history() {
        if (repo != null) {
            return;
        }
        Sql sql = new Sql(dataSource);
        repo = "logs/r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name, default_branch) values (?, 'logs', ?, 'main')",
                repo, repo.substring("logs/".length()));
        matched(sql, "2026-11-02T10:00:00Z", "pytest-failed", "test/test_a.py::test_a");
        matched(sql, "2026-11-03T10:00:00Z", "pytest-failed", "test/test_a.py::test_a");
        newestTestA = matched(sql, "2026-11-04T10:00:00Z", "pytest-failed", "test/test_a.py::test_a");
        matched(sql, "2026-11-03T11:00:00Z", "pytest-failed", "test/test_b.py::test_b");
        matched(sql, "2026-11-05T11:00:00Z", "pytest-failed", "test/test_b.py::test_b");
        matched(sql, "2026-11-06T12:00:00Z", "python-error", "RuntimeError");
        matched(sql, "2026-10-20T10:00:00Z", "pytest-failed", "test/test_a.py::test_a");
        classified(sql, job(sql, "main", "2026-11-02T12:00:00Z"), "no_match", null, null, "2026-11-02T12:00:00Z");
        classified(sql, job(sql, "main", "2026-11-03T12:00:00Z"), "unavailable", null, null, "2026-11-03T12:00:00Z");
        job(sql, "main", "2026-11-04T12:00:00Z");
        job(sql, "feature", "2026-11-04T12:00:00Z");
    }

    @Test
    void groupsByRuleAndCaptureMostJobsFirstWithTheNewestAsExample() {
        JsonPath answer = GraphQL.data(QUERY, "repo", repo, "from", "2026-11-01T00:00:00Z", "to",
                "2026-11-07T15:00:00Z");
        String root = "failureClassifications.";
        assertEquals("main", answer.getString(root + "branch"));
        assertEquals("2026-11-08T00:00:00Z", answer.getString(root + "to"), "widened to the whole day");
        assertEquals(List.of("test/test_a.py::test_a", "test/test_b.py::test_b", "RuntimeError"),
                answer.getList(root + "groups.captured"));
        assertEquals(List.of("pytest-failed", "pytest-failed", "python-error"), answer.getList(root + "groups.rule"));
        assertEquals(List.of(3, 2, 1), answer.getList(root + "groups.count"), "Oct 20 is outside the range");
        assertEquals(String.valueOf(newestTestA), answer.getString(root + "groups[0].exampleJobId"));
        assertEquals("2026-11-04T10:00:00Z", answer.getString(root + "groups[0].lastSeen"));
        assertEquals("FAILED test/test_a.py::test_a - AssertionError", answer.getString(root
                + "groups[0].exampleLine"));
        assertEquals("test (default, 1, 2)", answer.getString(root + "groups[0].exampleJobName"));
        assertEquals("https://github.com/" + repo + "/actions/runs/" + newestTestA + "/job/" + newestTestA,
                answer.getString(root + "groups[0].exampleJobUrl"));
        assertEquals(6, answer.getInt(root + "matched"));
        assertEquals(1, answer.getInt(root + "unmatched"));
        assertEquals(1, answer.getInt(root + "unavailable"));
        assertEquals(1, answer.getInt(root + "unclassified"), "the job of another branch is not counted");
    }

    @Test
    void firstLimitsTheGroupsAndBadArgumentsAreRefused() {
        JsonPath one = GraphQL.data(QUERY, "repo", repo, "from", "2026-11-01T00:00:00Z", "to",
                "2026-11-08T00:00:00Z", "first", 1);
        assertEquals(List.of(3), one.getList("failureClassifications.groups.count"));
        assertEquals(6, one.getInt("failureClassifications.matched"), "the counts are of every group");
        JsonPath bad = GraphQL.raw(QUERY, "repo", repo, "first", 0);
        assertEquals("BAD_USER_INPUT", bad.getString("errors[0].extensions.code"), bad.prettify());
        JsonPath backwards = GraphQL.raw(QUERY, "repo", repo, "from", "2026-11-08T00:00:00Z", "to",
                "2026-11-01T00:00:00Z");
        assertEquals("BAD_USER_INPUT", backwards.getString("errors[0].extensions.code"), backwards.prettify());
    }

    private long matched(Sql sql, String completed, String rule, String captured) {
        long job = job(sql, "main", completed);
        String line = rule.equals("pytest-failed")
                ? "FAILED " + captured + " - AssertionError"
                : captured + ": boom";
        classified(sql, job, "matched", rule, captured, completed);
        sql.execute("update job_log_classification set line = ?, line_number = 42 where job_id = ?", line, job);
        return job;
    }

    private void classified(Sql sql, long job, String outcome, String rule, String captured, String completed) {
        sql.execute("""
                insert into job_log_classification (job_id, repo_id, outcome, rule, captured, completed_at,
                                                    classified_at)
                values (?, repository_id(?), ?, ?, ?, ?, now())""", job, repo, outcome, rule, captured,
                OffsetDateTime.parse(completed));
    }

    private long job(Sql sql, String branch, String completed) {
        long id = JOB_IDS.incrementAndGet();
        OffsetDateTime at = OffsetDateTime.parse(completed);
        sql.execute("""
                insert into job (id, run_id, repo_id, name, workflow_name, head_sha, head_branch, status, status_rank,
                                 conclusion, created_at, started_at, completed_at, html_url)
                values (?, ?, repository_id(?), 'test (default, 1, 2)', 'pull', ?, ?, 'completed', 4, 'failure', ?,
                        ?, ?, ?)""",
                id, id, repo, UUID.randomUUID().toString().replace("-", ""), branch, at.minusMinutes(20),
                at.minusMinutes(19), at, "https://github.com/" + repo + "/actions/runs/" + id + "/job/" + id);
        return id;
    }
}
