package dev.greenboard.api.metric;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.metrics.timing.JobTimesConfig;
import dev.greenboard.metrics.timing.JobTimesRollup;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * {@code metric(granularity: HOUR)} for the time metrics (hour rows of {@code job_time_stats}, as metrics-jobs'
 * JobTimesHourlyTest shows the rollup writes them, written here directly) and for reverts (counted from the commits
 * when read). Day D is yesterday, inside the 31-day horizon of hours:
 *
 * <pre>
 * job_time_stats tts "pull / build": hour D 10:00 n 3, mean 300, p90 520, max 600; hour D 14:00 n 2, mean 400,
 *                                    p90 480, max 500; day D n 5, mean 340, p90 560, max 600
 * pushes to main (another repository):
 *   D 09:00  two commits                                        -> 2 commits, 0 reverts
 *   D 11:00  Revert "a", Revert "b" (head: a revert push)         -> 2 commits, 2 reverts
 *   D 11:30  Revert "c", then "Fix c" (head: not a revert push)   -> 2 commits, 0 reverts
 *   per hour: 09:00 2 and 0, 11:00 4 and 2; the day (reverts rollup): 6 and 2
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricHourlyApiTest {

    private static final String BUILD = "pull / build";
    private static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);
    private static final String METRIC = """
            query($name: String!, $repo: String!, $from: DateTime, $to: DateTime, $granularity: Granularity,
                  $percentile: Float, $job: String) {
              metric(name: $name, repo: $repo, from: $from, to: $to, granularity: $granularity,
                     percentile: $percentile, job: $job) {
                name granularity statistic from to points { time value count label }
              }
            }""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RollupRunner runner;

    @Inject
    JobTimesConfig jobTimes;

    Sql sql;
    String repo;
    String pushed;
    Instant day;

    @BeforeEach
    void history() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
        repo = "hourly/r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name, default_branch) values (?, 'hourly', ?, 'main')",
                repo, repo.substring("hourly/".length()));
        stats("hour", at(10, 0), 3, 300, 520, 600);
        stats("hour", at(14, 0), 2, 400, 480, 500);
        stats("day", day, 5, 340, 560, 600);

        pushed = "hourly/p" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(pushed, "main");
        h.push(at(9, 0), List.of(HistoryBuilder.sha("one"), HistoryBuilder.sha("two")), "alice");
        h.push(at(11, 0), List.of(HistoryBuilder.sha("ra"), HistoryBuilder.sha("rb")), "alice",
                List.of("Revert \"a\"", "Revert \"b\""));
        h.push(at(11, 30), List.of(HistoryBuilder.sha("rc"), HistoryBuilder.sha("fix")), "alice",
                List.of("Revert \"c\"", "Fix c"));
        runner.runNow("reverts", false);
    }

    @Test
    void timeMetricsPerHourAreTheStoredHourRows() {
        JsonPath p90 = metric("tts", "HOUR", day, day.plus(1, ChronoUnit.DAYS), 90.0);
        assertEquals(List.of(at(10, 0).toString(), at(14, 0).toString()), p90.getList("metric.points.time"));
        assertEquals(List.of(520.0, 480.0), p90.getList("metric.points.value"));
        assertEquals(List.of(3, 2), p90.getList("metric.points.count", Integer.class));
        assertEquals(List.of(BUILD, BUILD), p90.getList("metric.points.label"));
        assertEquals("p90", p90.getString("metric.statistic"));
        JsonPath mean = metric("tts", "HOUR", at(10, 0), at(11, 0), null);
        assertEquals(List.of(300.0), mean.getList("metric.points.value"));
        // The day keeps its own exact row: not a merge of its hours.
        JsonPath perDay = metric("tts", "DAY", day, day.plus(1, ChronoUnit.DAYS), 90.0);
        assertEquals(List.of(560.0), perDay.getList("metric.points.value"));
        assertEquals(List.of(5), perDay.getList("metric.points.count", Integer.class));
    }

    @Test
    void revertsPerHourAreCountedFromTheCommitsAsTheRollupCountsDays() {
        JsonPath hours = metricOf(pushed, "reverts", "HOUR", day, day.plus(1, ChronoUnit.DAYS), null);
        assertEquals(List.of(at(9, 0).toString(), at(11, 0).toString()), hours.getList("metric.points.time"));
        assertEquals(List.of(0.0, 2.0), hours.getList("metric.points.value"));
        assertEquals(List.of(2, 4), hours.getList("metric.points.count", Integer.class));
        JsonPath days = metricOf(pushed, "reverts", "DAY", day, day.plus(1, ChronoUnit.DAYS), null);
        assertEquals(List.of(2.0), days.getList("metric.points.value"));
        assertEquals(List.of(6), days.getList("metric.points.count", Integer.class));
    }

    @Test
    void hoursBeforeTheHorizonAreRefusedNamingTheSetting() {
        Instant before = JobTimesRollup.firstHourKept(Instant.now(), jobTimes.hourHorizonDays()).toInstant();
        Instant since = Instant.parse(GraphQL.data("{ hourlyTimesSince }").getString("hourlyTimesSince"));
        Instant after = JobTimesRollup.firstHourKept(Instant.now(), jobTimes.hourHorizonDays()).toInstant();
        assertTrue(!since.isBefore(before) && !since.isAfter(after), since + " between " + before + " and " + after);
        assertEquals(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(31, ChronoUnit.DAYS).getEpochSecond(),
                since.getEpochSecond(), 3600, "the default horizon: 31 days");

        JsonPath refused = GraphQL.raw(METRIC, "name", "queue_time", "repo", repo, "granularity", "HOUR", "from",
                since.minus(1, ChronoUnit.HOURS).toString(), "to", since.plus(1, ChronoUnit.DAYS).toString());
        assertEquals("BAD_USER_INPUT", refused.getString("errors[0].extensions.code"), refused.prettify());
        String message = refused.getString("errors[0].message");
        assertTrue(message.contains("kept per hour for the last 31 days only")
                && message.contains("greenboard.metrics.job-times.hour-horizon-days"), message);
        // From the horizon on, the same series is served.
        assertEquals("HOUR", metric("queue_time", "HOUR", since.plus(1, ChronoUnit.HOURS),
                since.plus(1, ChronoUnit.DAYS), null).getString("metric.granularity"));
    }

    private Instant at(int hour, int minute) {
        return day.plusSeconds(hour * 3600L + minute * 60L);
    }

    private void stats(String bucket, Instant start, int count, double mean, double p90, double max) {
        sql.execute("""
                insert into job_time_stats (repo_id, metric, key, bucket, bucket_start, count, mean_s, p50_s, p90_s,
                                            p95_s, p99_s, max_s)
                values (repository_id(?), 'tts', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", repo, BUILD, bucket,
                start.atOffset(ZoneOffset.UTC), count, mean, mean, p90, p90, max, max);
    }

    private JsonPath metric(String name, String granularity, Instant from, Instant to, Double percentile) {
        return metricOf(repo, name, granularity, from, to, percentile);
    }

    /** The {@code metric} series without errors, decimals read as doubles. */
    private static JsonPath metricOf(String repo, String name, String granularity, Instant from, Instant to,
            Double percentile) {
        Map<String, Object> variables = new java.util.HashMap<>(Map.of("name", name, "repo", repo, "granularity",
                granularity, "from", from.toString(), "to", to.toString()));
        if (percentile != null) {
            variables.put("percentile", percentile);
        }
        String body = given().contentType("application/json").body(Map.of("query", METRIC, "variables", variables))
                .post("/graphql").then().statusCode(200).extract().asString();
        JsonPath response = new JsonPath(body).using(DOUBLES);
        assertNull(response.get("errors"), body);
        JsonPath series = response.setRootPath("data");
        assertEquals(granularity, series.getString("metric.granularity"));
        return series;
    }
}
