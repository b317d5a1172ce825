package dev.greenboard.metrics.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * The log-classifications rollup against a GitHub stand-in ({@link GitHubLogsStandIn}): which jobs it reads, that it
 * reads each once, and what it keeps for a log that is gone or could not be read. The database is shared with other
 * test classes, so each test makes its own repository and asserts only on its jobs.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@QuarkusTestResource(value = GitHubLogsStandIn.class, restrictToAnnotatedClass = true)
class LogClassificationsRollupTest {

    private static final AtomicLong JOB_IDS = new AtomicLong(9_700_000_000L + System.nanoTime() % 1_000_000 * 1000);

    private static final String PYTEST_LOG = """
            2026-12-05T10:15:30.1234567Z ##[group]Run python -m pytest test/test_ops.py
            2026-12-05T10:16:03.0000000Z =========================== short test summary info ============================
            2026-12-05T10:16:03.0100000Z FAILED test/test_ops.py::TestOps::test_add_cpu - AssertionError: 1 != 2
            2026-12-05T10:16:03.5000000Z ##[error]Process completed with exit code 1.
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RollupRunner runner;

    @Test
    void failedJobsOfTheDefaultBranchAreClassifiedOnceAndNothingElseIsRead() {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql);
        OffsetDateTime hourAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        long pytest = job(sql, repo, "main", "failure", hourAgo);
        long quiet = job(sql, repo, "main", "cancelled", hourAgo.plusMinutes(1));
        long oom = job(sql, repo, "main", "timed_out", hourAgo.plusMinutes(2));
        long green = job(sql, repo, "main", "success", hourAgo);
        long pullRequest = job(sql, repo, "feature/x", "failure", hourAgo);
        long justNow = job(sql, repo, "main", "failure", OffsetDateTime.now(ZoneOffset.UTC));
        long tooOld = job(sql, repo, "main", "failure", hourAgo.minusDays(15));
        GitHubLogsStandIn.log(repo, pytest, PYTEST_LOG);
        GitHubLogsStandIn.log(repo, quiet, "2026-12-05T10:00:00.0000000Z Cleaning up orphan processes\n");
        GitHubLogsStandIn.log(repo, oom, PYTEST_LOG
                + "2026-12-05T10:16:04.0000000Z [12345.678] Out of memory: Killed process 4242 (python)\n");
        for (long other : List.of(green, pullRequest, justNow, tooOld)) {
            GitHubLogsStandIn.log(repo, other, PYTEST_LOG);
        }

        run();
        Map<String, Object> first = classification(sql, pytest);
        assertEquals("matched", first.get("outcome"));
        assertEquals("pytest-failed", first.get("rule"));
        assertEquals("test/test_ops.py::TestOps::test_add_cpu", first.get("captured"));
        assertEquals("FAILED test/test_ops.py::TestOps::test_add_cpu - AssertionError: 1 != 2", first.get("line"));
        assertEquals(3, first.get("line_number"));
        assertEquals((long) PYTEST_LOG.length(), first.get("bytes_read"));
        assertEquals(Map.of("outcome", "no_match"), select(classification(sql, quiet), "outcome", "rule"));
        Map<String, Object> configured = classification(sql, oom);
        assertEquals("oom-killer", configured.get("rule"), "a configured rule outranks the built-in ones below it");
        assertEquals("4242", configured.get("captured"));
        assertEquals(3L, sql.count("select count(*) from job_log_classification where repo_id = repository_id(?)",
                repo), "success, another branch, too recent or too old: not read");
        for (long other : List.of(green, pullRequest, justNow, tooOld)) {
            assertEquals(List.of(), apiRequests(repo, other), "job " + other);
        }

        // The API is asked with the token; the signed download URL on the other host without it.
        LoggedRequest api = apiRequests(repo, pytest).get(0);
        assertEquals("Bearer " + GitHubLogsStandIn.TOKEN, api.getHeader("Authorization"));
        List<LoggedRequest> downloads = GitHubLogsStandIn.server
                .findAll(getRequestedFor(urlPathEqualTo(GitHubLogsStandIn.downloadPath(pytest))));
        assertEquals(1, downloads.size());
        assertEquals("127.0.0.1", downloads.get(0).getHost());
        assertEquals("signed-by-github", downloads.get(0).queryParameter("sig").firstValue());
        assertNull(downloads.get(0).getHeader("Authorization"), "the token never leaves the API origin");

        run();
        for (long job : List.of(pytest, quiet, oom)) {
            assertEquals(1, apiRequests(repo, job).size(), "read once: job " + job);
        }
        assertEquals(first, classification(sql, pytest), "a second run changes nothing");
    }

    @Test
    void aLogGitHubNoLongerHasIsStoredAsUnavailableAndNotAskedForAgain() {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql);
        long gone = job(sql, repo, "main", "failure", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));
        GitHubLogsStandIn.status(repo, gone, 410);

        run();
        run();
        assertEquals(Map.of("outcome", "unavailable"), select(classification(sql, gone), "outcome", "rule"));
        assertEquals(1, apiRequests(repo, gone).size(), "asked once");
    }

    /**
     * A 404 may be an expired log or a repository the token cannot see: tried again after 10 minutes, then 20, 40,
     * 80, and stored as unavailable after the fifth try (greenboard.log-classification.max-attempts).
     */
    @Test
    void aLogThatIsNotFoundIsTriedAgainWithLongerWaitsThenGivenUp() {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql);
        long missing = job(sql, repo, "main", "failure", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));
        GitHubLogsStandIn.status(repo, missing, 404);

        List<Long> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 4; attempt++) {
            run();
            run();
            assertEquals(attempt, apiRequests(repo, missing).size(), "one try per wait, try " + attempt);
            assertEquals(0L, sql.count("select count(*) from job_log_classification where job_id = ?", missing));
            waits.add(sql.count("""
                    select round(extract(epoch from next_attempt_at - now()) / 60) from job_log_attempt
                     where job_id = ?""", missing));
            waitIsOver(sql, missing);
        }
        assertEquals(List.of(10L, 20L, 40L, 80L), waits);
        run();
        assertEquals(Map.of("outcome", "unavailable"), select(classification(sql, missing), "outcome", "rule"));
        run();
        assertEquals(5, apiRequests(repo, missing).size(), "given up after five tries");
    }

    @Test
    void aServerErrorLeavesTheJobForALaterRun() {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql);
        long job = job(sql, repo, "main", "failure", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));
        GitHubLogsStandIn.status(repo, job, 502);

        RollupRun failed = run();
        assertTrue(failed.detail().matches(".*\\b[1-9]\\d* not read \\(tried again later\\).*"), failed.detail());
        assertEquals(0L, sql.count("select count(*) from job_log_classification where job_id = ?", job));
        assertEquals(1L, sql.count("select attempts from job_log_attempt where job_id = ?", job));

        GitHubLogsStandIn.log(repo, job, PYTEST_LOG);
        run();
        assertEquals(1, apiRequests(repo, job).size(), "not asked again before its wait is over");
        waitIsOver(sql, job);
        run();
        assertEquals("pytest-failed", classification(sql, job).get("rule"));
        assertEquals(2, apiRequests(repo, job).size());
    }

    /** A token that may not read one repository's logs skips that repository for the run; the others are read. */
    @Test
    void aRefusedTokenSkipsItsRepositoryAndTheNextRunAsksAgain() {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql);
        String other = repository(sql);
        OffsetDateTime twoHoursAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);
        long refused = job(sql, repo, "main", "failure", twoHoursAgo);
        long next = job(sql, repo, "main", "failure", twoHoursAgo.plusMinutes(30));
        long elsewhere = job(sql, other, "main", "failure", twoHoursAgo.plusMinutes(40));
        GitHubLogsStandIn.status(repo, refused, 403);
        GitHubLogsStandIn.log(repo, next, PYTEST_LOG);
        GitHubLogsStandIn.log(other, elsewhere, PYTEST_LOG);

        RollupRun skipped = run();
        assertTrue(skipped.detail().contains("; refused: " + repo + ": GitHub API GET "
                + GitHubLogsStandIn.logsPath(repo, refused) + " answered 403 (forbidden)"), skipped.detail());
        assertEquals(List.of(), apiRequests(repo, next), "no other log of the repository is asked for");
        assertEquals(0L, sql.count("select count(*) from job_log_classification where repo_id = repository_id(?)",
                repo));
        assertEquals("pytest-failed", classification(sql, elsewhere).get("rule"), "another repository is read");

        GitHubLogsStandIn.log(repo, refused, PYTEST_LOG);
        run();
        assertEquals(2L, sql.count("""
                select count(*) from job_log_classification
                 where repo_id = repository_id(?) and rule = 'pytest-failed'""", repo));
    }

    /** As if the job's wait before its next try had passed. */
    private static void waitIsOver(Sql sql, long job) {
        sql.execute("update job_log_attempt set next_attempt_at = now() - interval '1 second' where job_id = ?", job);
    }

    private RollupRun run() {
        RollupRun run = runner.runNow("log-classifications", false);
        assertEquals("success", run.status(), run.detail());
        return run;
    }

    private static List<LoggedRequest> apiRequests(String repo, long job) {
        return GitHubLogsStandIn.server.findAll(getRequestedFor(urlPathEqualTo(GitHubLogsStandIn.logsPath(repo, job))));
    }

    private static Map<String, Object> classification(Sql sql, long job) {
        return sql.row("""
                select outcome, rule, captured, line, line_number, bytes_read
                  from job_log_classification where job_id = ?""", job);
    }

    private static Map<String, Object> select(Map<String, Object> row, String... keys) {
        Map<String, Object> out = new HashMap<>();
        for (String key : keys) {
            if (row.get(key) != null) {
                out.put(key, row.get(key));
            }
        }
        return out;
    }

    private static String repository(Sql sql) {
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name, default_branch) values (?, 'logs', ?, 'main')",
                "logs/" + name, name);
        return "logs/" + name;
    }

    private static long job(Sql sql, String repo, String branch, String conclusion, OffsetDateTime completed) {
        long id = JOB_IDS.incrementAndGet();
        sql.execute("""
                insert into job (id, run_id, repo_id, name, workflow_name, head_sha, head_branch, status, status_rank,
                                 conclusion, created_at, started_at, completed_at, html_url)
                values (?, ?, repository_id(?), 'test (default, 1, 2)', 'pull', ?, ?, 'completed', 4, ?, ?, ?, ?, ?)""",
                id, id, repo, UUID.randomUUID().toString().replace("-", ""), branch, conclusion,
                completed.minusMinutes(20), completed.minusMinutes(19), completed,
                "https://github.com/" + repo + "/actions/runs/" + id + "/job/" + id);
        return id;
    }
}
