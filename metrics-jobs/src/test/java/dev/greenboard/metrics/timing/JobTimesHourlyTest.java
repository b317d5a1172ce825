package dev.greenboard.metrics.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

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
 * Hour buckets of {@code job_time_stats}: exact per hour, beside unchanged days, recomputed incrementally, and kept for
 * the horizon only. Job durations of "pull / build" on day D (two days before today, inside the 31-day horizon), a
 * job created at each time with the duration after it:
 *
 * <pre>
 * 10:00 100 s, 10:10 200 s, 10:20 600 s  -> hour 10: n 3, mean 300, p50 200, p90 200 + 0.8 * 400 = 520, max 600
 * 14:00 300 s, 14:30 500 s               -> hour 14: n 2, mean 400, p50 400, p90 300 + 0.9 * 200 = 480, max 500
 * day D: 100 200 300 500 600             -> n 5, mean 340, p50 300, p90 500 + 0.6 * 100 = 560, max 600
 * then 14:45 400 s                       -> hour 14: n 3, mean 400, p50 400, p90 400 + 0.8 * 100 = 480;
 *                                           day D: n 6, mean 350, p50 350, p90 500 + 0.5 * 100 = 550
 * </pre>
 *
 * One more job, created at 10:00 two days before the horizon's first day (O), has a day row and no hour row.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class JobTimesHourlyTest {

    private static final String BUILD = "pull / build";
    private static final List<String> L = List.of("linux.2xlarge");

    @Inject
    RollupRunner runner;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    JobTimesConfig config;

    @Test
    void hoursAreExactBesideTheirDayRecomputedAloneAndKeptForTheHorizon() {
        Sql sql = new Sql(dataSource);
        String repo = "hourly/r" + UUID.randomUUID().toString().substring(0, 8);
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);
        Instant old = JobTimesRollup.firstHourKept(Instant.now(), config.hourHorizonDays()).toInstant()
                .truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS).plusSeconds(10 * 3600);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        String sha = HistoryBuilder.sha("hourly");
        long morning = run(h, sha, at(day, 10, 0));
        long afternoon = run(h, sha, at(day, 14, 0));
        job(h, sha, morning, at(day, 10, 0), 100);
        job(h, sha, morning, at(day, 10, 10), 200);
        job(h, sha, morning, at(day, 10, 20), 600);
        job(h, sha, afternoon, at(day, 14, 0), 300);
        job(h, sha, afternoon, at(day, 14, 30), 500);
        job(h, sha, run(h, sha, old), old, 700);
        RollupRuns.runAll(runner, false).assertSucceeded(List.of("job-time-stats"));

        assertRows(List.of(stats(at(day, 10, 0), 3, 300, 200, 520, 600), stats(at(day, 14, 0), 2, 400, 400, 480,
                500)), rows(sql, repo, "hour"));
        assertRows(List.of(stats(old.truncatedTo(ChronoUnit.DAYS), 1, 700, 700, 700, 700),
                stats(day, 5, 340, 300, 560, 600)), rows(sql, repo, "day"));

        // An hour row left from when its hour was inside the horizon (written by hand: the horizon is a month).
        sql.execute("""
                insert into job_time_stats (repo_id, metric, key, bucket, bucket_start, count, mean_s, p50_s, p90_s,
                                            p95_s, p99_s, max_s)
                values (repository_id(?), 'job_duration', ?, 'hour', ?, 1, 700, 700, 700, 700, 700, 700)""", repo,
                BUILD, old.atOffset(ZoneOffset.UTC));
        // One new job: its hour, day and week are recomputed, and nothing else.
        job(h, sha, afternoon, at(day, 14, 45), 400);
        RollupRuns incremental = RollupRuns.runAll(runner, false);
        incremental.assertSucceeded(List.of("job-time-stats"));
        String detail = incremental.detail("job-time-stats");
        assertTrue(detail.startsWith("recomputed days[" + day.toString().substring(0, 10) + "] repository-hours[1]"
                + " repository-days[1] repository-weeks[1] repositories[1]"), detail);
        assertTrue(detail.endsWith(" deleted[1]"), detail);
        List<Map<String, Object>> hours = List.of(stats(at(day, 10, 0), 3, 300, 200, 520, 600),
                stats(at(day, 14, 0), 3, 400, 400, 480, 500));
        assertRows(hours, rows(sql, repo, "hour"));
        assertRows(List.of(stats(old.truncatedTo(ChronoUnit.DAYS), 1, 700, 700, 700, 700),
                stats(day, 6, 350, 350, 550, 600)), rows(sql, repo, "day"));

        // A full run recomputes the same hours.
        RollupRuns.runAll(runner, true).assertSucceeded(List.of("job-time-stats"));
        assertRows(hours, rows(sql, repo, "hour"));
    }

    private static Instant at(Instant day, int hour, int minute) {
        return day.plusSeconds(hour * 3600L + minute * 60L);
    }

    /** A successful first attempt of a push-triggered run, created at {@code created}. */
    private static long run(HistoryBuilder h, String sha, Instant created) {
        long id = HistoryBuilder.nextId();
        h.workflowRun(id, 1, sha, "pull", "push", "completed", "success", created, created.plusSeconds(3000));
        return id;
    }

    /** A job of "pull / build" created at {@code created} that started at once and ran {@code seconds}. */
    private static void job(HistoryBuilder h, String sha, long run, Instant created, int seconds) {
        h.job(sha, run, 1, "pull", "build", "completed", "success", created, created, created.plusSeconds(seconds), L);
    }

    private static Map<String, Object> stats(Instant start, int count, double mean, double p50, double p90,
            double max) {
        return Map.of("bucket_start", start.atOffset(ZoneOffset.UTC), "count", count, "mean_s", mean, "p50_s", p50,
                "p90_s", p90, "max_s", max);
    }

    private static List<Map<String, Object>> rows(Sql sql, String repo, String bucket) {
        return sql.rows("""
                select bucket_start, count, mean_s, p50_s, p90_s, max_s from job_time_stats
                 where repo_id = repository_id(?) and metric = 'job_duration' and key = ? and bucket = ?
                 order by bucket_start""", repo, BUILD, bucket).stream()
                .map(row -> Map.of("bucket_start", toUtc(row.get("bucket_start")), "count", row.get("count"),
                        "mean_s", row.get("mean_s"), "p50_s", row.get("p50_s"), "p90_s", row.get("p90_s"), "max_s",
                        row.get("max_s")))
                .toList();
    }

    /** Percentiles are interpolated in floating point: equal to the hand-computed value within 1e-9. */
    private static void assertRows(List<Map<String, Object>> expected, List<Map<String, Object>> actual) {
        assertEquals(expected.size(), actual.size(), () -> "rows " + actual);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            Map<String, Object> a = actual.get(i);
            assertEquals(e.get("bucket_start"), a.get("bucket_start"), () -> "rows " + actual);
            assertEquals(e.get("count"), a.get("count"), () -> "rows " + actual);
            for (String column : List.of("mean_s", "p50_s", "p90_s", "max_s")) {
                assertEquals((Double) e.get(column), (Double) a.get(column), 1e-9, () -> column + " of " + a);
            }
        }
    }

    private static OffsetDateTime toUtc(Object time) {
        return time instanceof OffsetDateTime t
                ? t.withOffsetSameInstant(ZoneOffset.UTC)
                : ((java.sql.Timestamp) time).toInstant().atOffset(ZoneOffset.UTC);
    }
}
