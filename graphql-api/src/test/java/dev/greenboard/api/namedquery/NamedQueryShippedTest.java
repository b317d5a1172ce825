package dev.greenboard.api.namedquery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * The shipped named queries on a small history built through ingest, every number worked out by hand (see the
 * comments in {@link #buildHistory()}). All times are relative to today (UTC), inside the default 14-day windows,
 * except one commit 20 days ago that only a 30-day window sees.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamedQueryShippedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LINUX = List.of("linux.2xlarge");
    private static final List<String> WINDOWS = List.of("windows.4xlarge");

    String repo;
    String d0, d1, d2, d3;
    Instant historyBuilt;

    /** Runs once, before the first test (RestAssured knows the app's port only from then on). */
    @BeforeEach
    void buildHistory() {
        if (repo != null) {
            return;
        }
        repo = "nq/r" + UUID.randomUUID().toString().substring(0, 8);
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Instant day0 = today.minus(20, ChronoUnit.DAYS);
        Instant day1 = today.minus(3, ChronoUnit.DAYS);
        Instant day2 = today.minus(2, ChronoUnit.DAYS);
        Instant day3 = today.minus(1, ChronoUnit.DAYS);
        d0 = date(day0);
        d1 = date(day1);
        d2 = date(day2);
        d3 = date(day3);
        Instant hour10 = Instant.ofEpochSecond(10 * 3600);

        HistoryBuilder h = new HistoryBuilder(repo, "main");
        String c0 = HistoryBuilder.sha("c0");
        String c1 = HistoryBuilder.sha("c1");
        String c2 = HistoryBuilder.sha("c2");
        String c3 = HistoryBuilder.sha("c3");
        String c4 = HistoryBuilder.sha("c4");
        String c5 = HistoryBuilder.sha("c5");
        String c6 = HistoryBuilder.sha("c6");
        String c7 = HistoryBuilder.sha("c7");

        // Day 0 (20 days ago): c0 broken by a failed build; outside every 14-day window.
        Instant rc0 = at(day0, hour10, 0);
        h.push(rc0, List.of(c0), "alice");
        long r0 = HistoryBuilder.nextId();
        h.workflowRun(r0, 1, c0, "pull", "push", "completed", "failure", rc0, rc0.plusSeconds(500));
        h.job(c0, r0, 1, "pull", "build", "completed", "failure", rc0, rc0.plusSeconds(100), rc0.plusSeconds(500),
                LINUX);

        // Day 1: c1 green (a skipped docs job changes nothing), c2 broken: its test failed, and the rerun that was
        // cancelled does not hide the failure.
        Instant rc1 = at(day1, hour10, 0);
        Instant rc2 = at(day1, hour10, 3600);
        h.push(rc1, List.of(c1), "alice");
        h.push(rc2, List.of(c2), "bob");
        long r1 = HistoryBuilder.nextId();
        h.workflowRun(r1, 1, c1, "pull", "push", "completed", "success", rc1, rc1.plusSeconds(1200));
        h.job(c1, r1, 1, "pull", "build", "completed", "success", rc1, rc1.plusSeconds(30),
                rc1.plusSeconds(600), LINUX);
        long j2 = h.job(c1, r1, 1, "pull", "test", "completed", "success", rc1, rc1.plusSeconds(90),
                rc1.plusSeconds(1200), LINUX);
        h.job(c1, r1, 1, "pull", "docs", "completed", "skipped", rc1, rc1, rc1, LINUX);
        long r2 = HistoryBuilder.nextId();
        h.workflowRun(r2, 1, c2, "pull", "push", "completed", "failure", rc2, rc2.plusSeconds(1500));
        h.workflowRun(r2, 2, c2, "pull", "push", "completed", "cancelled", rc2.plusSeconds(2000),
                rc2.plusSeconds(2100));
        h.job(c2, r2, 1, "pull", "build", "completed", "success", rc2, rc2.plusSeconds(60), rc2.plusSeconds(700),
                LINUX);
        long j4 = h.job(c2, r2, 1, "pull", "test", "completed", "failure", rc2, rc2.plusSeconds(120),
                rc2.plusSeconds(1500), LINUX);
        h.job(c2, r2, 2, "pull", "test", "completed", "cancelled", rc2.plusSeconds(2000), rc2.plusSeconds(2010),
                rc2.plusSeconds(2100), LINUX);

        // Day 2: one push of c3 and c4. c3 flaky: its test failed, then passed on rerun; c4 pending: its test runs.
        Instant rc3 = at(day2, hour10, 0);
        Instant rc4 = at(day2, hour10, 60);
        h.push(rc3, List.of(c3, c4), "carol");
        long r3 = HistoryBuilder.nextId();
        h.workflowRun(r3, 1, c3, "pull", "push", "completed", "failure", rc3, rc3.plusSeconds(1300));
        h.workflowRun(r3, 2, c3, "pull", "push", "completed", "success", rc3.plusSeconds(1400),
                rc3.plusSeconds(2500));
        h.job(c3, r3, 1, "pull", "build", "completed", "success", rc3, rc3.plusSeconds(20), rc3.plusSeconds(800),
                LINUX);
        long j7 = h.job(c3, r3, 1, "pull", "test", "completed", "failure", rc3, rc3.plusSeconds(40),
                rc3.plusSeconds(1300), LINUX);
        long j8 = h.job(c3, r3, 2, "pull", "test", "completed", "success", rc3.plusSeconds(1400),
                rc3.plusSeconds(1460), rc3.plusSeconds(2500), LINUX);
        long r4 = HistoryBuilder.nextId();
        h.workflowRun(r4, 1, c4, "pull", "push", "in_progress", null, rc4, rc4.plusSeconds(900));
        h.job(c4, r4, 1, "pull", "build", "completed", "success", rc4, rc4.plusSeconds(30), rc4.plusSeconds(900),
                LINUX);
        h.job(c4, r4, 1, "pull", "test", "in_progress", null, rc4, rc4.plusSeconds(300), null, WINDOWS);

        // Day 3: c5 broken (build timed out), c6 has no jobs yet. c7 is a pull-request commit on branch feature.
        Instant rc5 = at(day3, hour10, 0);
        h.push(rc5, List.of(c5), "dave");
        h.push(at(day3, hour10, 3600), List.of(c6), "dave");
        long r5 = HistoryBuilder.nextId();
        h.workflowRun(r5, 1, c5, "pull", "push", "completed", "failure", rc5, rc5.plusSeconds(3600));
        h.job(c5, r5, 1, "pull", "build", "completed", "timed_out", rc5, rc5.plusSeconds(10), rc5.plusSeconds(3600),
                LINUX);
        h.job(c5, r5, 1, "pull", "test", "completed", "success", rc5, rc5.plusSeconds(50), rc5.plusSeconds(1000),
                WINDOWS);
        HistoryBuilder feature = h.onBranch("feature");
        Instant rc6 = at(day3, hour10, 7200);
        long r6 = HistoryBuilder.nextId();
        feature.workflowRun(r6, 1, c7, "pull", "pull_request", "completed", "success", rc6, rc6.plusSeconds(50));
        feature.job(c7, r6, 1, "pull", "build", "completed", "success", rc6, rc6.plusSeconds(5), rc6.plusSeconds(50),
                LINUX);

        // Test results (received now): test_add fails twice, test_conv errors once, test_mul is flaky once (not a
        // failure), test_skip is only ever skipped.
        h.report(c1, j2, "test", List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "passed", 1.0, null),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "passed", 2.0, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "passed", 4.0, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_skip", "skipped", 0.0, null)));
        h.report(c2, j4, "test", List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "failed", 3.0, "boom"),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "passed", 2.5, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "error", 6.0, "segfault"),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_skip", "skipped", 0.0, null)));
        h.report(c3, j7, "test", List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "failed", 2.0, "boom"),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "passed", 1.5, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "passed", 5.0, null)));
        h.report(c3, j8, "test", List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "passed", 1.5, null),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "flaky", 3.0, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "passed", 5.5, null)));
        historyBuilt = Instant.now();
    }

    private static Instant at(Instant day, Instant timeOfDay, long plusSeconds) {
        return day.plusSeconds(timeOfDay.getEpochSecond() + plusSeconds);
    }

    private static String date(Instant day) {
        return LocalDate.ofInstant(day, ZoneOffset.UTC).toString();
    }

    /** The rows of a named query run through {@code GET /api/v1/queries/{name}}, as JSON. */
    private static List<List<String>> rows(String query, Object... params) {
        var request = given();
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam((String) params[i], params[i + 1]);
        }
        JsonPath result = request.get("/api/v1/queries/" + query).then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertFalse(result.getBoolean("truncated"));
        assertEquals(result.getList("rows").size(), result.getInt("rowCount"));
        return result.getList("rows");
    }

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    @Test
    void redCommitsPerDay() {
        List<String> columns = given().queryParam("repo", repo).get("/api/v1/queries/red_commits_per_day").then()
                .statusCode(200).extract().jsonPath().getList("columns");
        assertEquals(List.of("day", "commits", "broken", "flaky", "pending", "green", "no_jobs", "red_share"),
                columns);
        assertEquals(List.of(
                row(d1, "2", "1", "0", "0", "1", "0", "0.5000"),
                row(d2, "2", "0", "1", "1", "0", "0", "0.0000"),
                row(d3, "2", "1", "0", "0", "0", "1", "1.0000")),
                rows("red_commits_per_day", "repo", repo));
        assertEquals(List.of(
                row(d0, "1", "1", "0", "0", "0", "0", "1.0000"),
                row(d1, "2", "1", "0", "0", "1", "0", "0.5000"),
                row(d2, "2", "0", "1", "1", "0", "0", "0.0000"),
                row(d3, "2", "1", "0", "0", "0", "1", "1.0000")),
                rows("red_commits_per_day", "repo", repo, "days", 30));
        assertEquals(List.of(row(d3, "1", "0", "0", "0", "1", "0", "0.0000")),
                rows("red_commits_per_day", "repo", repo, "branch", "feature"));
        assertEquals(List.of(), rows("red_commits_per_day", "repo", "nobody/nothing"));
    }

    @Test
    void ttsPercentilesPerJob() {
        // build: 600, 700, 800, 900 s (c1..c4; the timed-out c5 build, the PR run and day 0 do not count);
        // test: 1200 and 1000 s (c1, c5; failures and the rerun of c3 do not count).
        assertEquals(List.of(
                row("pull / test", "2", "1100.0", "1180.0", "1190.0", "1198.0", "1100.0"),
                row("pull / build", "4", "750.0", "870.0", "885.0", "897.0", "750.0")),
                rows("tts_percentiles_per_job", "repo", repo));
    }

    @Test
    void queueTimePerRunnerLabel() {
        // linux: 30 90 60 120 10 20 40 60 30 10 5 (the skipped docs job and day 0 do not count); windows: 300, 50.
        assertEquals(List.of(
                row("windows.4xlarge", "2", "175.0", "275.0", "300.0"),
                row("linux.2xlarge", "11", "30.0", "90.0", "120.0")),
                rows("queue_time_per_runner_label", "repo", repo));
    }

    @Test
    void slowestTests() {
        assertEquals(List.of(
                row("test_nn.py", "TestNN", "test_conv", "4", "5.125", "6.000"),
                row("test_ops.py", "TestOps", "test_mul", "4", "2.250", "3.000"),
                row("test_ops.py", "TestOps", "test_add", "4", "1.875", "3.000")),
                rows("slowest_tests", "repo", repo));
        assertEquals(2, rows("slowest_tests", "repo", repo, "limit", 2).size());
        assertEquals(List.of(), rows("slowest_tests", "repo", repo, "days", 0), "results were received just now");
    }

    @Test
    void mostFailingTests() {
        List<List<String>> rows = rows("most_failing_tests", "repo", repo);
        assertEquals(List.of(
                row("test_ops.py", "TestOps", "test_add", "2", "4", "0.5000"),
                row("test_nn.py", "TestNN", "test_conv", "1", "4", "0.2500")),
                rows.stream().map(r -> r.subList(0, 6)).toList());
        for (List<String> row : rows) {
            Instant lastFailure = Instant.parse(row.get(6));
            assertTrue(!lastFailure.isAfter(historyBuilt) && lastFailure.isAfter(historyBuilt.minusSeconds(600)),
                    row::toString);
        }
    }

    @Test
    void jobFailuresOverTime() {
        // build: d1 c1 c2 green; d2 c3 c4 green; d3 c5 timed out, c7 (feature) green.
        assertEquals(List.of(
                row(d1, "2", "0", "0.0000"),
                row(d2, "2", "0", "0.0000"),
                row(d3, "2", "1", "0.5000")),
                rows("job_failures_over_time", "repo", repo, "job_name", "build"));
        // test: d1 passed + failed (the cancelled rerun does not count); d2 failed + passed; d3 passed; c4 still runs.
        assertEquals(List.of(
                row(d1, "2", "1", "0.5000"),
                row(d2, "2", "1", "0.5000"),
                row(d3, "1", "0", "0.0000")),
                rows("job_failures_over_time", "repo", repo, "job_name", "PULL / TEST"));
    }

    @Test
    void runThroughGraphql() throws JsonProcessingException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("repo", repo);
        params.put("days", 30);
        JsonPath result = GraphQL.data("""
                query($params: String) {
                  runNamedQuery(name: "red_commits_per_day", params: $params) {
                    name columns rows rowCount truncated elapsedMs
                  }
                }""", "params", JSON.writeValueAsString(params));
        assertEquals("red_commits_per_day", result.getString("runNamedQuery.name"));
        assertEquals("red_share", result.getString("runNamedQuery.columns[7]"));
        assertEquals(4, result.getInt("runNamedQuery.rowCount"));
        assertFalse(result.getBoolean("runNamedQuery.truncated"));
        assertTrue(result.getInt("runNamedQuery.elapsedMs") >= 0);
        assertEquals(row(d0, "1", "1", "0", "0", "0", "0", "1.0000"), result.getList("runNamedQuery.rows[0]"));
        assertEquals(row(d3, "2", "1", "0", "0", "0", "1", "1.0000"), result.getList("runNamedQuery.rows[3]"));
    }

    @Test
    void runAsCsv() {
        Response response = given().queryParam("repo", repo).queryParam("format", "csv")
                .get("/api/v1/queries/slowest_tests");
        response.then().statusCode(200).contentType("text/csv")
                .header("Content-Disposition", "attachment; filename=\"slowest_tests.csv\"");
        assertTrue(response.contentType().toLowerCase().contains("charset=utf-8"), response.contentType());
        String[] lines = response.asString().split("\r\n", -1);
        assertEquals("file,classname,name,runs,mean_seconds,max_seconds", lines[0]);
        assertEquals(List.of("test_nn.py", "TestNN", "test_conv", "4", "5.125", "6.000"),
                List.of(lines[1].split(",")));
        assertEquals(5, lines.length, "header, three rows, and the empty rest after the last CRLF");
        assertEquals("", lines[4]);
    }
}
