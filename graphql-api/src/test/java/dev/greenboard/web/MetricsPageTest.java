package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/**
 * The metrics dashboard on {@link UiHistory} after one run of every metrics job: on main, c1 is green, c2 and c3 are
 * broken (a failed job; a timed-out job beside a flaky one), c4 is pending, so 2 of 3 finished commits are red and
 * none is flaky; one linux.2xlarge job is queued now.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class MetricsPageTest extends BrowserPageTest {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    MetricsPageTest() {
        super("metrics", 1280, 900);
    }

    @Override
    void afterHistory() {
        runAll();
    }

    static void runAll() {
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/run-all").then().statusCode(200);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> redOption() {
        return (Map<String, Object>) page.evaluate("""
                () => { const o = echarts.getInstanceByDom(document.getElementById('red-chart')).getOption();
                        return { names: o.series.map(s => s.name), data: o.series.map(s => s.data),
                                 axis: o.xAxis[0].data }; }""");
    }

    @Test
    @SuppressWarnings("unchecked")
    void redRateChartHasBrokenFlakyAndGreenPerDay() {
        Browser.go(page, "/metrics/" + history.repo + "?granularity=day");
        assertThat(page.locator("h1")).hasText("CI metrics of " + history.repo);
        Map<String, Object> option = redOption();
        assertEquals(List.of("broken", "flaky", "green"), option.get("names"));
        assertEquals(7, ((List<Object>) option.get("axis")).size(), "range=7 is seven days");
        List<List<Number>> data = (List<List<Number>>) option.get("data");
        data.forEach(series -> assertEquals(7, series.size()));
        // Every day with finished commits is one stacked bar adding up to 100 %; 2 of the 3 finished are broken.
        int days = 0;
        double broken = 0;
        for (int i = 0; i < 7; i++) {
            if (data.get(0).get(i) != null) {
                days++;
                assertEquals(100.0, data.get(0).get(i).doubleValue() + data.get(1).get(i).doubleValue()
                        + data.get(2).get(i).doubleValue(), 0.2);
                assertEquals(0.0, data.get(1).get(i).doubleValue(), "no commit is flaky");
                broken += data.get(0).get(i).doubleValue();
            }
        }
        assertTrue(days >= 1 && days <= 2, "c1..c3 were pushed within three hours: " + days);
        assertThat(page.locator("#red-chart")).hasAttribute("data-points", String.valueOf(days));
        if (days == 1) {
            assertEquals(66.7, broken, 0.01);
        }

        // Job duration: one line per job name (5); queue time: one per runner label (linux, windows, mac).
        assertThat(page.locator("#duration-chart")).hasAttribute("data-series", "5");
        assertThat(page.locator("#queue-chart")).hasAttribute("data-series", "3");

        // The live queue: the queued linux test job of c4.
        assertThat(page.locator("table.live-queue tbody tr")).hasCount(1);
        assertThat(page.locator("table.live-queue tbody th")).hasText("linux.2xlarge");
        assertThat(page.locator("table.live-queue tbody td").first()).hasText("1");

        // Flaky tests: test_add (failed, then passed on a rerun).
        assertThat(page.locator("#flaky-total")).hasText("1");

        // Every chart links to GraphiQL with its query.
        assertThat(page.locator(".query-link")).hasCount(15);
        String href = page.locator("#red-h + .query-link").getAttribute("href");
        assertTrue(href.startsWith("/graphiql?query="), href);
        String query = java.net.URLDecoder.decode(href.substring("/graphiql?query=".length()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(query.contains("metric(name: \"broken_rate\", repo: \"" + history.repo + "\""), query);
        assertEquals(200, page.request().get(href).status());
        Browser.screenshot(page, "metrics", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rangeAndPercentileAreInTheUrlAndSurviveAReload() {
        Browser.go(page, "/metrics/" + history.repo);
        page.getByLabel("Percentile").selectOption("p95");
        page.waitForURL("**percentile=p95**");
        Browser.waitReady(page);
        page.getByLabel("Time range").selectOption("30");
        page.waitForURL("**range=30**");
        Browser.waitReady(page);
        assertTrue(page.url().contains("percentile=p95"), page.url());
        page.reload();
        Browser.waitReady(page);
        assertThat(page.getByLabel("Percentile")).hasValue("p95");
        assertThat(page.getByLabel("Time range")).hasValue("30");
        assertEquals(30, ((List<Object>) redOption().get("axis")).size());
        String tts = page.locator("#tts-h + .query-link").getAttribute("href");
        assertTrue(java.net.URLDecoder.decode(tts, java.nio.charset.StandardCharsets.UTF_8).contains("percentile: 95"),
                tts);

        // mean: no percentile argument at all.
        Browser.go(page, "/metrics/" + history.repo + "?range=1&percentile=mean");
        String mean = java.net.URLDecoder.decode(page.locator("#tts-h + .query-link").getAttribute("href"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!mean.contains("percentile") && mean.contains("name: \"tts\""), mean);
        // Today only, per hour (auto below 14 days): c1..c3 were pushed within three hours, or none yet today.
        assertThat(page.locator("#red-chart")).hasAttribute("data-points", java.util.regex.Pattern.compile("^[0-4]$"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCustomRangeIsPickedWithTwoDates() {
        Browser.go(page, "/metrics/" + history.repo);
        page.getByLabel("Time range").selectOption("custom");
        assertThat(page.getByLabel("From", new Page.GetByLabelOptions().setExact(true))).isVisible();
        assertTrue(page.url().endsWith("/metrics/" + history.repo), "no reload before both dates: " + page.url());
        page.getByLabel("From", new Page.GetByLabelOptions().setExact(true)).fill("2026-01-01");
        page.getByLabel("To", new Page.GetByLabelOptions().setExact(true)).fill("2026-01-10");
        page.waitForURL("**range=custom&from=2026-01-01&to=2026-01-10**");
        Browser.waitReady(page);
        assertThat(page.locator("#red-chart .state.empty")).containsText("No data in this range");
        assertThat(page.locator("#red-chart")).hasAttribute("data-points", "0");
        String href = java.net.URLDecoder.decode(page.locator("#red-h + .query-link").getAttribute("href"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(href.contains("from: \"2026-01-01T00:00:00.000Z\", to: \"2026-01-11T00:00:00.000Z\""), href);
    }

    @Test
    void aCustomRangeWithoutDatesSaysWhatToDo() {
        Browser.go(page, "/metrics/" + history.repo + "?range=custom");
        assertThat(page.locator(".state.error")).containsText("custom range needs");
        Browser.go(page, "/metrics/nobody/nothing");
        assertThat(page.locator("#red-chart .state.error")).containsText("how to send data");
    }

    /** The category axis of a line chart and the data of its series {@code name}. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> lineOf(String chart, String name) {
        return (Map<String, Object>) page.evaluate("""
                ([id, name]) => { const o = echarts.getInstanceByDom(document.getElementById(id)).getOption();
                                  const s = o.series.find(x => x.name === name);
                                  return { axis: o.xAxis[0].data, data: s ? s.data : [] }; }""",
                List.of(chart, name));
    }

    @SuppressWarnings("unchecked")
    private int axisLength(String chart) {
        return ((Number) page.evaluate("id => echarts.getInstanceByDom(document.getElementById(id))"
                + ".getOption().xAxis[0].data.length", chart)).intValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGranularityIsAutomaticAndCanBeChosen() {
        // 7 days: hours (below 14 days), 168 buckets, for the commits and the times alike (hours of times are kept
        // for the last 31 days).
        Browser.go(page, "/metrics/" + history.repo + "?range=7");
        assertThat(page.getByLabel("Granularity")).hasValue("auto");
        assertThat(page.locator("#granularity option[value=auto]")).hasText("auto (hour)");
        assertThat(page.locator("#red-chart")).hasAttribute("data-granularity", "HOUR");
        assertEquals(7 * 24, axisLength("red-chart"));
        assertThat(page.locator("#duration-chart")).hasAttribute("data-granularity", "HOUR");
        assertEquals(7 * 24, axisLength("duration-chart"));
        assertThat(page.locator("#reverts-chart")).hasAttribute("data-granularity", "HOUR");
        assertThat(page.locator("#time-grain")).isEmpty();
        // linux / build ran on c1, p1, c2, p2 and c3, created 0, 30, 60, 90 and 120 minutes after the history's
        // start: three hours, so three hourly points on an axis of hours (two days at most would be per day).
        Map<String, Object> build = lineOf("duration-chart", "pull / " + UiHistory.BUILD);
        List<String> hours = (List<String>) build.get("axis");
        assertTrue(hours.get(0).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:00"), hours.get(0));
        assertEquals(3, ((List<Object>) build.get("data")).stream().filter(v -> v != null).count(),
                () -> "hourly points of linux / build: " + build.get("data"));
        String red = java.net.URLDecoder.decode(page.locator("#red-h + .query-link").getAttribute("href"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(red.contains("granularity: HOUR"), red);
        String duration = java.net.URLDecoder.decode(page.locator("#duration-h + .query-link").getAttribute("href"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(duration.contains("granularity: HOUR"), duration);

        // Chosen: weeks, kept in the address.
        page.getByLabel("Granularity").selectOption("week");
        page.waitForURL("**granularity=week**");
        Browser.waitReady(page);
        assertThat(page.locator("#red-chart")).hasAttribute("data-granularity", "WEEK");
        assertThat(page.locator("#duration-chart")).hasAttribute("data-granularity", "WEEK");
        page.reload();
        Browser.waitReady(page);
        assertThat(page.getByLabel("Granularity")).hasValue("week");
        // Chosen: hours again, by the switch: the job charts are back to hourly points.
        page.getByLabel("Granularity").selectOption("hour");
        page.waitForURL("**granularity=hour**");
        Browser.waitReady(page);
        assertThat(page.locator("#duration-chart")).hasAttribute("data-granularity", "HOUR");
        assertEquals(3, ((List<Object>) lineOf("duration-chart", "pull / " + UiHistory.BUILD).get("data")).stream()
                .filter(v -> v != null).count());

        // Auto again: 14 days are days, 90 days are weeks.
        Browser.go(page, "/metrics/" + history.repo + "?range=14");
        assertThat(page.locator("#red-chart")).hasAttribute("data-granularity", "DAY");
        assertEquals(14, axisLength("red-chart"));
        Browser.go(page, "/metrics/" + history.repo + "?range=90");
        assertThat(page.locator("#red-chart")).hasAttribute("data-granularity", "WEEK");
        assertThat(page.locator("#granularity option[value=auto]")).hasText("auto (week)");
        // Hours of a year would exceed the API's 1000 buckets: shown per day.
        Browser.go(page, "/metrics/" + history.repo + "?range=365&granularity=hour");
        assertThat(page.locator("#red-chart")).hasAttribute("data-granularity", "DAY");

        // Hours of a range that starts before the hours of times are kept: the commits per hour, the times per day.
        Browser.go(page, "/metrics/" + history.repo + "?range=custom&from=2020-01-01&to=2020-01-05");
        assertThat(page.locator("#time-grain")).containsText("times per day: they are kept per hour since");
        String old = java.net.URLDecoder.decode(page.locator("#duration-h + .query-link").getAttribute("href"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(old.contains("granularity: DAY"), old);
        String oldRed = java.net.URLDecoder.decode(page.locator("#red-h + .query-link").getAttribute("href"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(oldRed.contains("granularity: HOUR"), oldRed);
    }

    @Test
    @SuppressWarnings("unchecked")
    void showPercentSwitchesTheRedChartToCommits() {
        // c1 green, c2 and c3 broken, c4 pending: 3 finished commits, 2 broken, 1 green, none flaky.
        Browser.go(page, "/metrics/" + history.repo + "?range=7&granularity=week");
        assertThat(page.locator("#red-chart")).hasAttribute("data-unit", "percent");
        page.getByLabel("show %").uncheck();
        page.waitForURL("**percent=0**");
        Browser.waitReady(page);
        assertThat(page.getByLabel("show %")).not().isChecked();
        assertThat(page.locator("#red-chart")).hasAttribute("data-unit", "commits");
        List<List<Number>> data = (List<List<Number>>) redOption().get("data");
        double[] sums = new double[3];
        for (int s = 0; s < 3; s++) {
            for (Number n : data.get(s)) {
                sums[s] += n == null ? 0 : n.doubleValue();
            }
        }
        assertEquals(2.0, sums[0], "broken commits");
        assertEquals(0.0, sums[1], "flaky commits");
        assertEquals(1.0, sums[2], "green commits");
    }

    @Test
    @SuppressWarnings("unchecked")
    void forceMergesAreChartedBesideMergeRetriesAsAShareOrAsCounts() {
        // Four pull requests merged today, one of them after "@pytorchbot merge -f" (the default force pattern).
        java.time.OffsetDateTime today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).atStartOfDay()
                .atOffset(java.time.ZoneOffset.UTC);
        dev.greenboard.model.database.Sql sql = new dev.greenboard.model.database.Sql(dataSource);
        for (int number = 901; number <= 904; number++) {
            sql.execute("""
                    insert into pull_request (repo_id, number, state, merged, created_at, closed_at, merged_at)
                    values (repository_id(?), ?, 'closed', true, ?, ?, ?)""", history.repo, number,
                    today.minusDays(1), today.plusMinutes(number - 890), today.plusMinutes(number - 890));
        }
        sql.execute("""
                insert into issue_comment (id, repo_id, issue_number, is_pull_request, author, body, created_at)
                values (?, repository_id(?), 901, true, 'dev', '@pytorchbot merge -f "trunk is broken"', ?)""",
                System.nanoTime() % 1_000_000_000L + 9_000_000_000L, history.repo, today.plusMinutes(1));

        Browser.go(page, "/metrics/" + history.repo + "?range=7&granularity=day");
        assertEquals("forced-h", page.evaluate("() => document.getElementById('retries-h').closest('section')"
                + ".nextElementSibling.querySelector('h2').id"), "next to merge retries");
        assertThat(page.locator("#forced-h")).hasText("% of merges forced");
        assertThat(page.locator("#forced-chart")).hasAttribute("data-unit", "percent");
        assertThat(page.locator("#forced-chart")).hasAttribute("data-forced", "1");
        assertThat(page.locator("#forced-chart")).hasAttribute("data-merges", "4");
        assertThat(page.locator("#forced-chart")).hasAttribute("aria-label", java.util.regex.Pattern.compile(
                ": 1 of 4 \\(25 %\\)\\. 1 of 4 merges forced in the range\\."));
        String todayKey = today.toLocalDate().toString();
        Map<String, Object> percent = forcedOption();
        assertEquals(List.of("forced %"), percent.get("names"));
        int at = ((List<String>) percent.get("axis")).indexOf(todayKey);
        assertEquals(25.0, ((List<List<Number>>) percent.get("data")).get(0).get(at).doubleValue());

        page.getByLabel("show %").uncheck();
        page.waitForURL("**percent=0**");
        Browser.waitReady(page);
        assertThat(page.locator("#forced-h")).hasText("Force merges");
        assertThat(page.locator("#forced-chart")).hasAttribute("data-unit", "pull requests");
        Map<String, Object> counts = forcedOption();
        assertEquals(List.of("merges", "forced"), counts.get("names"));
        List<List<Number>> data = (List<List<Number>>) counts.get("data");
        assertEquals(4, data.get(0).get(at).intValue());
        assertEquals(1, data.get(1).get(at).intValue());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> forcedOption() {
        return (Map<String, Object>) page.evaluate("""
                () => { const o = echarts.getInstanceByDom(document.getElementById('forced-chart')).getOption();
                        return { names: o.series.map(s => s.name), data: o.series.map(s => s.data),
                                 axis: o.xAxis[0].data }; }""");
    }

    @Test
    void failedJobsAreListedByLogClassificationLinkingTheNewestAsExample() {
        dev.greenboard.model.database.Sql sql = new dev.greenboard.model.database.Sql(dataSource);
        List<Map<String, Object>> failed = sql.rows("""
                select id, completed_at from job
                 where repo_id = repository_id(?) and head_branch = 'main' and status = 'completed'
                   and conclusion in ('failure', 'cancelled', 'timed_out') and completed_at is not null
                 order by completed_at, id""", history.repo);
        assertTrue(failed.size() >= 2, "the history has failed jobs on main: " + failed);
        // As the log-classifications rollup writes them: every one but the newest failed in one test, the newest
        // one's log was gone. The line holds markup, which the page must show as text.
        for (int i = 0; i < failed.size(); i++) {
            boolean gone = i == failed.size() - 1;
            sql.execute("""
                    insert into job_log_classification (job_id, repo_id, outcome, rule, captured, line, line_number,
                                                        completed_at, classified_at)
                    values (?, repository_id(?), ?, ?, ?, ?, 7, ?, now())
                    on conflict (job_id) do nothing""", failed.get(i).get("id"), history.repo,
                    gone ? "unavailable" : "matched", gone ? null : "pytest-failed",
                    gone ? null : "test/test_ops.py::test_add", gone
                            ? null
                            : "FAILED test/test_ops.py::test_add - AssertionError: <b>1</b> != 2",
                    failed.get(i).get("completed_at"));
        }
        Object newestMatched = failed.get(failed.size() - 2).get("id");

        Browser.go(page, "/metrics/" + history.repo);
        assertThat(page.locator("#failures")).hasAttribute("data-groups", "1");
        com.microsoft.playwright.Locator row = page.locator("#failures tbody tr");
        assertThat(row).hasCount(1);
        assertThat(row.locator("td").nth(0)).hasText(String.valueOf(failed.size() - 1));
        assertThat(row.locator("td").nth(1)).hasText("pytest-failed");
        assertThat(row.locator(".captured")).hasText("test/test_ops.py::test_add");
        assertThat(row.locator(".example-line")).hasText("FAILED test/test_ops.py::test_add - AssertionError: <b>1</b>"
                + " != 2");
        assertThat(row.locator("a.example-job")).hasAttribute("href", "/job/" + newestMatched);
        assertThat(page.locator("#failure-counts")).hasText(java.util.regex.Pattern.compile(
                (failed.size() - 1)
                        + " matched a rule, 0 matched none, 1 had no log left,\\s+0 without a classification \\(not read yet, or older than the rollup reads\\)\\."));
        String query = page.locator("#failures-h").locator("xpath=..").locator("a").first().getAttribute("href");
        assertTrue(java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8)
                .contains("failureClassifications(repo: \"" + history.repo + "\""), query);

        row.locator("a.example-job").click();
        page.waitForURL("**/job/" + newestMatched);
    }

    @Test
    void thePageRefreshesItselfEveryFiveMinutes() {
        page.clock().install();
        Browser.go(page, "/metrics/" + history.repo);
        assertThat(page.locator(".dash")).hasAttribute("data-refreshes", "0");
        assertThat(page.locator("header .muted")).containsText("refreshes itself every 5 minutes");
        page.clock().runFor(5 * 60 * 1000);
        assertThat(page.locator(".dash")).hasAttribute("data-refreshes", "1");
        // The charts are drawn again, not emptied.
        assertThat(page.locator("#duration-chart")).hasAttribute("data-series", "5");
        page.clock().runFor(5 * 60 * 1000);
        assertThat(page.locator(".dash")).hasAttribute("data-refreshes", "2");
    }

    private String borderColour(String tile) {
        return (String) page.evaluate("id => getComputedStyle(document.getElementById(id)).borderLeftColor",
                "tile-" + tile);
    }

    @Test
    void tilesAreColouredByTheRepositorysThresholds() {
        // 3 finished commits on main (c1 green, c2 and c3 broken): 66.7 % red and broken, 0 % flaky.
        Browser.go(page, "/metrics/" + history.repo);
        assertThat(page.locator("#tile-red_rate .tile-value")).containsText("66.7 %");
        assertThat(page.locator("#tile-red_rate")).hasAttribute("data-level", "RED");
        assertEquals("rgb(207, 34, 46)", borderColour("red_rate"));
        assertThat(page.locator("#tile-red_rate")).containsText("(bad)");
        assertThat(page.locator("#tile-flaky_rate .tile-value")).containsText("0 %");
        assertThat(page.locator("#tile-flaky_rate")).hasAttribute("data-level", "GREEN");
        assertEquals("rgb(26, 127, 55)", borderColour("flaky_rate"));
        assertThat(page.locator("#tile-disabled_tests")).hasAttribute("data-level", "NONE");
        assertThat(page.locator("#tile-disabled_tests .tile-note")).hasText("no thresholds set");
        assertThat(page.locator("#tile-commits .tile-value")).containsText("4");
        assertThat(page.locator("#tile-broken_rate .tile-note")).hasText("amber from 10 %, red from 20 % (defaults)");

        // The repository's own thresholds: broken from 50 % amber, from 90 % red.
        given().auth().oauth2("test-token-1").contentType("application/json").body(Map.of("query", """
                mutation($repo: String!) { setMetricThreshold(repo: $repo, tile: "broken_rate", amber: 0.5, red: 0.9)
                  { level } }""", "variables", Map.of("repo", history.repo))).post("/graphql").then().statusCode(200)
                .body("data.setMetricThreshold.level", org.hamcrest.Matchers.notNullValue());
        page.reload();
        Browser.waitReady(page);
        assertThat(page.locator("#tile-broken_rate")).hasAttribute("data-level", "AMBER");
        assertEquals("rgb(191, 135, 0)", borderColour("broken_rate"));
        assertThat(page.locator("#tile-broken_rate .tile-note")).hasText("amber from 50 %, red from 90 %");
    }

    @Test
    void openChangesAreListedAndDrawnOnTheirChart() {
        // A change of the red rate today, as the metric-changes rollup stores it.
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/metric-changes/run").then().statusCode(200);
        new dev.greenboard.model.database.Sql(dataSource).execute("""
                insert into metric_change (repo_id, metric, key, change_day, direction, before_value, after_value,
                                           p_value, days_before, days_after, sentence, detected_at, last_seen_at)
                values (repository_id(?), 'red_rate', '', ?, 'up', 0.05, 0.67, 0.001, 20, 3, ?, now(), now())
                on conflict do nothing""", history.repo, today,
                "Red commits on the default branch of " + history.repo + " rose from 5% to 67% on today");
        Browser.go(page, "/metrics/" + history.repo + "?range=7");
        assertThat(page.locator("#changes li")).hasCount(1);
        assertThat(page.locator("#changes li")).containsText("rose from 5% to 67%");
        // One dashed line on today's first hour of the red chart; none on the job charts (no change of theirs).
        assertThat(page.locator("#red-chart")).hasAttribute("data-changes", "1");
        assertEquals(today + "T00:00", page.evaluate("() => echarts.getInstanceByDom("
                + "document.getElementById('red-chart')).getOption().series[0].markLine.data[0].xAxis"));
        assertThat(page.locator("#duration-chart")).hasAttribute("data-changes", "0");
    }

    @Test
    void theLiveQueueFollowsJobUpdatesWithoutAReload() {
        // A repository of its own, so that the other tests' queue stays as UiHistory left it.
        String repo = "metrics-live/r" + java.util.UUID.randomUUID().toString().substring(0, 8);
        dev.greenboard.testkit.HistoryBuilder h = new dev.greenboard.testkit.HistoryBuilder(repo, "main");
        String sha = dev.greenboard.testkit.HistoryBuilder.sha("live");
        java.time.Instant now = java.time.Instant.now();
        h.job(sha, dev.greenboard.testkit.HistoryBuilder.nextId(), 1, "pull", "linux / build", "queued", null,
                now.minusSeconds(60), null, null, List.of("linux.2xlarge"));
        Browser.go(page, "/metrics/" + repo + "?range=7");
        assertThat(page.locator("table.live-queue tbody tr")).hasCount(1);
        // The subscription opens after the charts are drawn: a job sent before it is live would only show at the
        // next refresh.
        assertThat(page.locator("#live-queue")).hasAttribute("data-live", "live");
        page.evaluate("() => { window.notReloaded = true; }");
        // A job starts waiting for a macOS runner: the subscription re-reads the queue, the page stays.
        h.job(sha, dev.greenboard.testkit.HistoryBuilder.nextId(), 1, "trunk", "mac / test", "queued", null,
                now.minusSeconds(30), null, null, List.of("macos-14"));
        assertThat(page.locator("table.live-queue tbody tr")).hasCount(2);
        assertThat(page.locator("table.live-queue tbody")).containsText("macos-14");
        assertEquals(Boolean.TRUE, page.evaluate("() => window.notReloaded === true"));
    }

    @Test
    void phoneWidth() {
        page.setViewportSize(390, 844);
        Browser.go(page, "/metrics/" + history.repo);
        assertEquals(Boolean.FALSE,
                page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"));
    }
}
