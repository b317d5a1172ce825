package dev.greenboard.api.metric;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import io.restassured.path.json.config.JsonPathConfig;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * The series of issue 16 beside the CI health ones: {@code workflow_load} counted from {@code workflow_run},
 * {@code new_disabled_tests} from {@code disabled_test}, {@code ttrs} read from {@code job_time_stats} (its SQL is
 * metrics-jobs' TimeToRedSignalTest).
 *
 * <pre>
 * workflow_run first attempts: pull Mon 2026-11-02 10:10, 10:40, 14:00 and Tue 09:00; trunk Mon 10:20;
 *                              a second attempt of pull Mon 10:50 (not a start of a workflow)
 *   per hour on Monday: pull 10:00 2, 14:00 1; trunk 10:00 1. Per day: pull Mon 3, Tue 1; trunk Mon 1
 * disabled_test: test_a from issue #1 Mon 08:00 and again from the API Thu (the same test: counted once, Monday),
 *                test_b Mon 20:00, test_c Tue 12:00 (enabled again since: it was still new that day)
 *   per day: Mon 2, Tue 1; the week: 3
 * job_time_stats ttrs pull / test on Monday: n 2, mean 720, p90 864, max 900
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricLoadApiTest {

    private static final Instant MON = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TUE = Instant.parse("2026-11-03T00:00:00Z");
    private static final Instant NEXT_MON = Instant.parse("2026-11-09T00:00:00Z");
    private static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000 + 7);
    private static final String METRIC = """
            query($name: String!, $repo: String!, $from: DateTime, $to: DateTime, $granularity: Granularity,
                  $percentile: Float, $workflow: String, $job: String) {
              metric(name: $name, repo: $repo, from: $from, to: $to, granularity: $granularity,
                     percentile: $percentile, workflow: $workflow, job: $job) {
                name unit statistic points { time value count label } } }""";

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;

    @BeforeEach
    void rows() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        repo = "load/r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name, default_branch) values (?, 'load', ?, 'main')",
                repo, repo.substring("load/".length()));
        long pull = run("pull", 1, "2026-11-02T10:10:00Z", IDS.incrementAndGet());
        run("pull", 2, "2026-11-02T10:50:00Z", pull);
        run("pull", 1, "2026-11-02T10:40:00Z", IDS.incrementAndGet());
        run("pull", 1, "2026-11-02T14:00:00Z", IDS.incrementAndGet());
        run("pull", 1, "2026-11-03T09:00:00Z", IDS.incrementAndGet());
        run("trunk", 1, "2026-11-02T10:20:00Z", IDS.incrementAndGet());
        disabled("test_a", "issue", 1, "2026-11-02T08:00:00Z", true);
        disabled("test_a", "api", null, "2026-11-05T08:00:00Z", true);
        disabled("test_b", "api", null, "2026-11-02T20:00:00Z", true);
        disabled("test_c", "api", null, "2026-11-03T12:00:00Z", false);
        sql.execute("""
                insert into job_time_stats (repo_id, metric, key, bucket, bucket_start, count, mean_s, p50_s, p90_s,
                                            p95_s, p99_s, max_s)
                values (repository_id(?), 'ttrs', 'pull / test', 'day', ?, 2, 720, 720, 864, 882, 896.4, 900)""",
                repo, MON.atOffset(ZoneOffset.UTC));
    }

    @Test
    void workflowLoadPerHourAndDayByName() {
        assertEquals(List.of(p("2026-11-02T10:00:00Z", 2, "pull"), p("2026-11-02T14:00:00Z", 1, "pull"),
                p("2026-11-02T10:00:00Z", 1, "trunk")),
                points(metric("workflow_load", "HOUR", MON, TUE, null,
                        null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 3, "pull"), p("2026-11-03T00:00:00Z", 1, "pull"),
                p("2026-11-02T00:00:00Z", 1, "trunk")),
                points(metric("workflow_load", "DAY", MON, NEXT_MON, null,
                        null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 1, "trunk")), points(metric("workflow_load", "DAY", MON,
                NEXT_MON, null, Map.of("workflow", "trunk"))));
        assertEquals("sum", metric("workflow_load", "WEEK", MON, NEXT_MON, null, null).getString("metric.statistic"));
    }

    @Test
    void newDisabledTestsPerDayAndWeek() {
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 2, null), p("2026-11-03T00:00:00Z", 1, null)),
                points(metric("new_disabled_tests", "DAY", MON, NEXT_MON, null, null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 3, null)), points(metric("new_disabled_tests", "WEEK", MON,
                NEXT_MON, null, null)));
        assertEquals(List.of(), points(metric("new_disabled_tests", "DAY", TUE.plusSeconds(86400), NEXT_MON, null,
                null)), "test_a disabled again on Thursday is not new");
    }

    @Test
    void timeToRedSignalWithPercentiles() {
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 864, "pull / test")), points(metric("ttrs", "DAY", MON, TUE,
                90.0, Map.of("job", "pull / test"))));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 900, "pull / test")), points(metric("ttrs", "DAY", MON, TUE,
                100.0, null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 720, "pull / test")), points(metric("ttrs", "DAY", MON, TUE,
                null, null)));
    }

    private record P(String time, double value, String label) {
    }

    private static P p(String time, double value, String label) {
        return new P(time, value, label);
    }

    private static List<P> points(JsonPath series) {
        List<Map<String, Object>> raw = series.getList("metric.points");
        return raw.stream().map(m -> new P((String) m.get("time"), ((Number) m.get("value")).doubleValue(),
                (String) m.get("label"))).toList();
    }

    private JsonPath metric(String name, String granularity, Instant from, Instant to, Double percentile,
            Map<String, String> filters) {
        Map<String, Object> variables = new HashMap<>(Map.of("name", name, "repo", repo, "granularity", granularity,
                "from", from.toString(), "to", to.toString()));
        if (percentile != null) {
            variables.put("percentile", percentile);
        }
        if (filters != null) {
            variables.putAll(filters);
        }
        String body = given().contentType("application/json").body(Map.of("query", METRIC, "variables", variables))
                .post("/graphql").then().statusCode(200).extract().asString();
        JsonPath response = new JsonPath(body).using(DOUBLES);
        assertNull(response.get("errors"), body);
        return response.setRootPath("data");
    }

    private long run(String workflow, int attempt, String created, long id) {
        Instant at = Instant.parse(created);
        sql.execute("""
                insert into workflow_run (id, run_attempt, repo_id, name, event, head_sha, status, status_rank,
                                          conclusion, created_at, updated_at)
                values (?, ?, repository_id(?), ?, 'push', 'abc', 'completed', 3, 'success', ?, ?)""", id, attempt,
                repo, workflow, at.atOffset(ZoneOffset.UTC), at.plusSeconds(60).atOffset(ZoneOffset.UTC));
        return id;
    }

    private void disabled(String name, String source, Integer issue, String created, boolean active) {
        sql.execute("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, issue_number, active,
                                           created_at)
                values (repository_id(?), ?, ?, 'TestOps', ?, ?, ?, ?)""", repo, name + " (__main__.TestOps)", name,
                source, issue, active, Instant.parse(created).atOffset(ZoneOffset.UTC));
    }
}
