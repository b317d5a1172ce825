package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * The KPIs page (/kpis) on {@link UiHistory} after every rollup ran, plus facts planted in two earlier ISO weeks, W2
 * (two weeks before this one) and W1 (last week), so that their values do not depend on today:
 *
 * <pre>
 * merged pull requests, forced when "@pytorchbot merge -f" was said before the merge: W2 1 of 2, W1 1 of 4
 *   # per week: 1, 1; % per week: 50, 25; % over two weeks: W2 1 / 2 = 50, W1 (1 + 1) / (2 + 4) = 33.3
 * disabled tests (the disableTest mutation's rows): test_w2_a and test_w2_b on the Tuesday of W2, test_w2_b enabled
 *   again on the Wednesday of W1: open at the end of W2 2, of W1 1, the week before W2 0
 * runs of pull on main (first attempts, completed), on the Tuesday of W2, times in seconds after their creation:
 *   10:00  linux / build 60-1860 (1800), linux / test 1900-4300 (2400)
 *          wall clock 4240, longest job 2400, build + test 4200
 *          its second attempt (linux / test for 9000 s) is no first attempt: ignored
 *   14:00  linux / build 60-660 (600), linux / test 700-1900 (1200), docs / test 60-3060 (3000, no build job: alone)
 *          wall clock 3000, longest job 3000, build + test max(1800, 3000) = 3000
 *   p50: wall clock 3620, longest job 2700, build + test 3600; p90: 4116, 2940, 4080
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class KpisPageTest extends BrowserPageTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000 + 11);

    @Inject
    AgroalDataSource dataSource;

    /** Monday of the week two weeks before this one, and of last week. */
    private final LocalDate w2 = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .minusWeeks(2);
    private final LocalDate w1 = w2.plusWeeks(1);

    KpisPageTest() {
        super("kpis", 1280, 900);
    }

    @Override
    void afterHistory() {
        MetricsPageTest.runAll();
        Sql sql = new Sql(dataSource);
        OffsetDateTime w2Tuesday = w2.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime w1Tuesday = w1.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        merged(sql, 801, w2Tuesday.plusHours(10), true);
        merged(sql, 802, w2Tuesday.plusHours(11), false);
        merged(sql, 811, w1Tuesday.plusHours(10), false);
        merged(sql, 812, w1Tuesday.plusHours(11), true);
        merged(sql, 813, w1Tuesday.plusHours(12), false);
        merged(sql, 814, w1Tuesday.plusHours(13), false);

        OffsetDateTime first = w2Tuesday.plusHours(10);
        long run = run(sql, 1, first, null);
        job(sql, run, 1, "linux / build", first, 60, 1860);
        job(sql, run, 1, "linux / test", first, 1900, 4300);
        run(sql, 2, first.plusHours(2), run);
        job(sql, run, 2, "linux / test", first.plusHours(2), 60, 9060);
        OffsetDateTime second = w2Tuesday.plusHours(14);
        run = run(sql, 1, second, null);
        job(sql, run, 1, "linux / build", second, 60, 660);
        job(sql, run, 1, "linux / test", second, 700, 1900);
        job(sql, run, 1, "docs / test", second, 60, 3060);

        for (String test : List.of("test_w2_a", "test_w2_b")) {
            sql.execute("""
                    insert into disabled_test (repo_id, test_key, test_name, test_class, source, active, created_at)
                    values (repository_id(?), ?, ?, 'TestK', 'api', true, ?)""", history.repo,
                    test + " (__main__.TestK)", test, w2Tuesday.plusHours(9));
        }
        sql.execute("""
                update disabled_test set active = false, updated_at = ?
                where repo_id = repository_id(?) and test_name = 'test_w2_b'""", w1Tuesday.plusDays(1),
                history.repo);
    }

    /** A merged pull request; forced: a developer's "@pytorchbot merge -f" an hour before the merge. */
    private void merged(Sql sql, int number, OffsetDateTime mergedAt, boolean forced) {
        sql.execute("""
                insert into pull_request (repo_id, number, state, merged, created_at, closed_at, merged_at)
                values (repository_id(?), ?, 'closed', true, ?, ?, ?)""", history.repo, number,
                mergedAt.minusDays(1), mergedAt, mergedAt);
        if (forced) {
            sql.execute("""
                    insert into issue_comment (id, repo_id, issue_number, is_pull_request, author, body, created_at)
                    values (?, repository_id(?), ?, true, 'dev', '@pytorchbot merge -f "unrelated failure"', ?)""",
                    IDS.incrementAndGet(), history.repo, number, mergedAt.minusHours(1));
        }
    }

    /** An attempt of a completed run of pull on main (a new run when {@code id} is null); returns its id. */
    private long run(Sql sql, int attempt, OffsetDateTime created, Long id) {
        long runId = id == null ? IDS.incrementAndGet() : id;
        sql.execute("""
                insert into workflow_run (id, run_attempt, repo_id, name, event, head_branch, head_sha, status,
                                          status_rank, conclusion, created_at, updated_at)
                values (?, ?, repository_id(?), 'pull', 'push', 'main', ?, 'completed', 3, 'success', ?, ?)""",
                runId, attempt, history.repo, "k" + runId, created, created.plusHours(3));
        return runId;
    }

    /** A successful job of a run, started and completed the given seconds after the run's creation. */
    private void job(Sql sql, long run, int attempt, String name, OffsetDateTime created, int started,
            int completed) {
        sql.execute("""
                insert into job (id, run_id, run_attempt, repo_id, name, workflow_name, head_sha, status, status_rank,
                                 conclusion, created_at, started_at, completed_at)
                values (?, ?, ?, repository_id(?), ?, 'pull', ?, 'completed', 3, 'success', ?, ?, ?)""",
                IDS.incrementAndGet(), run, attempt, history.repo, name, "k" + run, created,
                created.plusSeconds(started), created.plusSeconds(completed));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> option(String chart) {
        return (Map<String, Object>) page.evaluate("""
                id => { const o = echarts.getInstanceByDom(document.getElementById(id)).getOption();
                        return { names: o.series.map(s => s.name), data: o.series.map(s => s.data),
                                 axis: o.xAxis[0].data }; }""", chart);
    }

    @SuppressWarnings("unchecked")
    private static Number at(Map<String, Object> option, int series, LocalDate week) {
        int index = ((List<String>) option.get("axis")).indexOf(week.toString());
        assertTrue(index >= 0, "the week " + week + " is on the axis");
        return ((List<List<Number>>) option.get("data")).get(series).get(index);
    }

    @Test
    void forceMergesPerWeekAndTheirShareOverTwoWeeks() {
        Browser.go(page, "/kpis/" + history.repo);
        Map<String, Object> count = option("forcedCount-chart");
        assertEquals(List.of("force merges", "force merges (2-week avg)"), count.get("names"));
        assertEquals(1, at(count, 0, w2).intValue());
        assertEquals(1, at(count, 0, w1).intValue());
        assertNull(at(count, 0, w2.minusWeeks(1)), "no merge the week before W2");
        assertThat(page.locator("#forcedCount-chart")).hasAttribute("data-points", "2");

        Map<String, Object> share = option("forcedShare-chart");
        assertEquals(List.of("% forced", "% forced (2 weeks)"), share.get("names"));
        assertEquals(50.0, at(share, 0, w2).doubleValue());
        assertEquals(25.0, at(share, 0, w1).doubleValue());
        assertEquals(50.0, at(share, 1, w2).doubleValue(), "W2 alone: no merge the week before");
        assertEquals(33.3, at(share, 1, w1).doubleValue(), "(1 + 1) / (2 + 4), not the mean of 50 % and 25 %");
    }

    @Test
    void openDisabledTestsAtTheEndOfEachWeek() {
        Browser.go(page, "/kpis/" + history.repo);
        assertThat(page.locator("#openDisabled-h")).hasText("Open disabled tests at the end of each week");
        Map<String, Object> open = option("openDisabled-chart");
        assertEquals(List.of("open disabled tests"), open.get("names"));
        assertEquals(0, at(open, 0, w2.minusWeeks(1)).intValue());
        assertEquals(2, at(open, 0, w2).intValue());
        assertEquals(1, at(open, 0, w1).intValue(), "test_w2_b was enabled again in W1");
    }

    @Test
    void workflowDurationPerCommitAtP50AndP90() {
        Browser.go(page, "/kpis/" + history.repo);
        String chart = page.locator("[data-workflow=pull]").getAttribute("id");
        assertThat(page.locator("#" + chart.replace("-chart", "-h"))).hasText(
                "pull: workflow duration per commit of main (p50, p90 dotted)");
        Map<String, Object> option = option(chart);
        assertEquals(List.of("wall clock p50", "wall clock p90", "longest job p50", "longest job p90",
                "build + test p50", "build + test p90"), option.get("names"));
        double[] expected = {3620, 4116, 2700, 2940, 3600, 4080};
        for (int series = 0; series < expected.length; series++) {
            assertEquals(expected[series], at(option, series, w2).doubleValue(), 0.01,
                    "series " + option.get("names").toString() + " #" + series);
        }
        assertNull(at(option, 0, w2.minusWeeks(1)), "no run of pull the week before");
    }

    @Test
    void kpisShowTwentySixWeeksWithMovingAverages() {
        Browser.go(page, "/metrics/" + history.repo);
        page.locator("#kpis-link").click();
        Browser.waitReady(page);
        assertThat(page.locator("h1")).hasText("KPIs of " + history.repo);
        // 2 of 3 finished commits broken this week: one weekly point, drawn with its moving average.
        assertThat(page.locator("#red-chart")).hasAttribute("data-series", "6");
        @SuppressWarnings("unchecked")
        List<Object> broken = (List<Object>) page.evaluate("() => echarts.getInstanceByDom("
                + "document.getElementById('red-chart')).getOption().series[0].data");
        assertTrue(broken.size() >= 26 && broken.size() <= 27, "26 weeks: " + broken.size());
        // The history's commits are 6 to 3 hours old: in this week, or (early on a Monday) the one before.
        int week = broken.size() - 1;
        while (broken.get(week) == null) {
            week--;
        }
        assertTrue(week >= broken.size() - 2, "the newest week with commits: " + week);
        assertEquals(66.7, ((Number) broken.get(week)).doubleValue(), 0.01);
        @SuppressWarnings("unchecked")
        List<Object> average = (List<Object>) page.evaluate("() => echarts.getInstanceByDom("
                + "document.getElementById('red-chart')).getOption().series[1].data");
        assertEquals(66.7, ((Number) average.get(week)).doubleValue(), 0.01,
                "the week before has no commit: the average is the week alone");
        // The lag behind the last green commit (c1), at the end of the week: drawn, with its average.
        assertThat(page.locator("#lag-chart")).hasAttribute("data-series", "2");
        assertThat(page.locator("#lag-chart")).hasAttribute("data-points", java.util.regex.Pattern.compile("^[12]$"));
    }
}
