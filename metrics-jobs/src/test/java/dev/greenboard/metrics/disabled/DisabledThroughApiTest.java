package dev.greenboard.metrics.disabled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.metrics.rollup.RollupRuns;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * Tests disabled through the API (the gateway's disableTest and enableTest mutations write {@code disabled_test} rows
 * with source {@code api}; here they are written as those mutations write them): the file CI downloads and the
 * flaky-tests rollup follow them. The repository has three commits on main, each running test_api_disabled
 * (test_api.py, TestApi), which passes: 3 runs, 0 failures.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class DisabledThroughApiTest {

    private static final String JOB = "linux / test (default, 1, 1, linux.2xlarge)";
    private static final String TEST = "test_api_disabled (__main__.TestApi)";

    @Inject
    RollupRunner runner;

    @Inject
    DisabledTestsArtifact disabledTestsFile;

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;

    @BeforeEach
    void buildHistory() {
        sql = new Sql(dataSource);
        repo = "ts/m" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            String sha = HistoryBuilder.sha("m" + i);
            Instant t = now.minus(3 - i, ChronoUnit.DAYS);
            h.push(t, List.of(sha), "bob");
            long job = h.job(sha, HistoryBuilder.nextId(), 1, "trunk", JOB, "completed", "success",
                    t.plusSeconds(60), t.plusSeconds(120), t.plusSeconds(600), List.of("linux.2xlarge"));
            h.report(sha, job, JOB, List.of(HistoryBuilder.testCase("test_api.py", "TestApi", "test_api_disabled",
                    "passed", 1.0, null)));
        }
    }

    /** As disableTest writes it: platforms lower case, each once, in the order given. */
    private void disable(String... platforms) {
        sql.execute("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, platforms, reason, active)
                values (repository_id(?), ?, 'test_api_disabled', 'TestApi', 'api', ?::text[], 'flaky on windows', true)
                on conflict (repo_id, source, issue_number, test_key) do update set
                    platforms = excluded.platforms, reason = excluded.reason, active = true, updated_at = now()""",
                repo, TEST, "{" + String.join(",", platforms) + "}");
    }

    /** As enableTest writes it. */
    private void enable() {
        sql.execute("""
                update disabled_test set active = false, updated_at = now()
                 where repo_id = repository_id(?) and source = 'api' and test_key = ? and active""", repo, TEST);
    }

    private String disabledFile() {
        try (Connection connection = dataSource.getConnection()) {
            long repoId = ((Number) sql.row("select repository_id(?) as id", repo).get("id")).longValue();
            return disabledTestsFile.render(connection, repoId, Map.of());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the rollups, then lists "<state> <runs> <reasons>" of every test flaky-tests keeps a row for. */
    private List<String> testHealthAfterRunningTheRollups() {
        RollupRuns.runAll(runner, false).assertSucceeded(List.of("disabled-tests", "flaky-tests"));
        return sql.rows("""
                select state, runs, array_to_string(reasons, ',') as reasons from test_health
                 where repo_id = repository_id(?) and window_days = 7""", repo).stream()
                .map(row -> row.get("state") + " " + row.get("runs") + " [" + row.get("reasons") + "]").toList();
    }

    @Test
    void disablingListsTheTestAndEnablingMakesItHealthyAgain() {
        assertEquals("{}", disabledFile());
        assertEquals(List.of(), testHealthAfterRunningTheRollups(), "three passing runs: healthy");

        disable("windows", "linux");
        // API entries have no issue: number and url are empty strings, so that readers of PyTorch's file still work.
        assertEquals("""
                {
                  "test_api_disabled (__main__.TestApi)": [
                    "",
                    "",
                    [
                      "windows",
                      "linux"
                    ]
                  ]
                }""", disabledFile());
        // Three passing runs, and disabled: kept as DISABLED with its 3 runs, no other reason.
        assertEquals(List.of("DISABLED 3 []"), testHealthAfterRunningTheRollups());

        enable();
        assertEquals("{}", disabledFile());
        assertEquals(List.of(), testHealthAfterRunningTheRollups(), "healthy again, so no row");
    }

    /**
     * An issue and the API disabling the same test give one entry: the issue's number and url, and the union of the
     * platforms, sorted; an entry for every platform wins over a list.
     */
    @Test
    void anIssueAndTheApiOnOneTestGiveOneEntry() {
        disable("windows");
        sql.execute("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, issue_number, issue_url,
                    platforms, active)
                values (repository_id(?), ?, 'test_api_disabled', 'TestApi', 'issue', 7, 'https://example.com/7',
                    '{linux}', true)""", repo, TEST);
        assertEquals("""
                {
                  "test_api_disabled (__main__.TestApi)": [
                    "7",
                    "https://example.com/7",
                    [
                      "linux",
                      "windows"
                    ]
                  ]
                }""", disabledFile());
        disable();
        assertEquals("""
                {
                  "test_api_disabled (__main__.TestApi)": [
                    "7",
                    "https://example.com/7",
                    []
                  ]
                }""", disabledFile());
    }
}
