package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * The time-to-signal page (/tts) on {@link UiHistory} after every rollup ran, plus time statistics
 * of two jobs on the two days before today (the history has no push-triggered runs, so no time to signal of its own):
 * "pull / linux / build" p50 90 s and 110 s, p90 150 s and 170 s; "trunk / mac / test" p50 300 s yesterday only.
 * Its hours: "pull / linux / build" time to signal yesterday 10:00 p50 95 s and 14:00 p50 125 s (hour rows, as the
 * rollup keeps them for the recent horizon).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TtsPageTest extends BrowserPageTest {

    private static final String BUILD = "pull / linux / build";
    private static final String MAC = "trunk / mac / test";

    @Inject
    AgroalDataSource dataSource;

    TtsPageTest() {
        super("tts", 1280, 900);
    }

    @Override
    void afterHistory() {
        MetricsPageTest.runAll();
        Sql sql = new Sql(dataSource);
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        for (String metric : List.of("tts", "job_duration")) {
            stats(sql, metric, BUILD, today.minus(2, ChronoUnit.DAYS), 90, 150);
            stats(sql, metric, BUILD, today.minus(1, ChronoUnit.DAYS), 110, 170);
            stats(sql, metric, MAC, today.minus(1, ChronoUnit.DAYS), 300, 300);
        }
        Instant yesterday = today.minus(1, ChronoUnit.DAYS);
        hour(sql, yesterday.plus(10, ChronoUnit.HOURS), 95);
        hour(sql, yesterday.plus(14, ChronoUnit.HOURS), 125);
    }

    /** An hour row of the build's time to signal: p50 as given, p90 twice that. */
    private void hour(Sql sql, Instant hour, double p50) {
        sql.execute("""
                insert into job_time_stats (repo_id, metric, key, bucket, bucket_start, count, mean_s, p50_s, p90_s,
                                            p95_s, p99_s, max_s)
                values (repository_id(?), 'tts', ?, 'hour', ?, 2, ?, ?, ?, ?, ?, ?)
                on conflict do nothing""", history.repo, BUILD, hour.atOffset(ZoneOffset.UTC), p50, p50, 2 * p50,
                2 * p50, 2 * p50, 2 * p50);
    }

    /** A day of a job: p50 and p90 as given; the job duration rows take the same values plus 1000 s. */
    private void stats(Sql sql, String metric, String key, Instant day, double p50, double p90) {
        double shift = metric.equals("tts") ? 0 : 1000;
        sql.execute("""
                delete from job_time_stats
                 where repo_id = repository_id(?) and metric = ? and key = ? and bucket = 'day' and bucket_start = ?""",
                history.repo, metric, key, day.atOffset(ZoneOffset.UTC));
        sql.execute("""
                insert into job_time_stats (repo_id, metric, key, bucket, bucket_start, count, mean_s, p50_s, p90_s,
                                            p95_s, p99_s, max_s)
                values (repository_id(?), ?, ?, 'day', ?, 3, ?, ?, ?, ?, ?, ?)""", history.repo, metric, key,
                day.atOffset(ZoneOffset.UTC), p50 + shift, p50 + shift, p90 + shift, p90 + shift, p90 + shift,
                p90 + shift);
    }

    @SuppressWarnings("unchecked")
    private List<Object> lineData(String chart) {
        return (List<Object>) page.evaluate("id => echarts.getInstanceByDom(document.getElementById(id))"
                + ".getOption().series[0].data", chart);
    }

    @Test
    void chosenJobsAreChartedAtThePercentileOfTheAddress() {
        Browser.go(page, "/tts/" + history.repo + "?granularity=day");
        assertThat(page.locator("h1")).hasText("Time to signal of jobs of " + history.repo);
        assertThat(page.locator("input[name=job]")).hasCount(2);
        assertThat(page.locator("#tts-chart .state.empty")).containsText("Choose one or more jobs");

        page.getByLabel(BUILD).check();
        page.locator("#tts-form button[type=submit]").click();
        page.waitForURL("**job=" + BUILD.replace(" ", "+").replace("/", "%2F") + "**");
        Browser.waitReady(page);
        assertThat(page.getByLabel(BUILD)).isChecked();
        assertThat(page.locator("#tts-chart")).hasAttribute("data-series", "1");
        assertThat(page.locator("#tts-chart")).hasAttribute("data-points", "2");
        List<Object> p50 = lineData("tts-chart");
        assertEquals(7, p50.size(), "seven days");
        assertEquals(90.0, ((Number) p50.get(4)).doubleValue());
        assertEquals(110.0, ((Number) p50.get(5)).doubleValue());
        assertEquals(1110.0, ((Number) lineData("duration-chart").get(5)).doubleValue());

        page.getByLabel("Percentile").selectOption("p90");
        page.waitForURL("**percentile=p90**");
        Browser.waitReady(page);
        assertEquals(170.0, ((Number) lineData("tts-chart").get(5)).doubleValue());
        String query = URLDecoder.decode(page.locator("#tts-h + .query-link").getAttribute("href"),
                StandardCharsets.UTF_8);
        assertTrue(query.contains("job: \"" + BUILD + "\"") && query.contains("percentile: 90"), query);
    }

    @SuppressWarnings("unchecked")
    private List<String> axis(String chart) {
        return (List<String>) page.evaluate("id => echarts.getInstanceByDom(document.getElementById(id))"
                + ".getOption().xAxis[0].data", chart);
    }

    @Test
    void sevenDaysAreHourlyByDefaultAndTheGranularityIsChosenInTheAddress() {
        String yesterday = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).toString()
                .substring(0, 10);
        Browser.go(page, "/tts/" + history.repo + "?job=" + BUILD.replace(" ", "+").replace("/", "%2F"));
        // Seven days are below fourteen: hours, as on /metrics.
        assertThat(page.locator("#granularity option[value=auto]")).hasText("auto (hour)");
        assertThat(page.locator("#granularity")).hasValue("auto");
        assertThat(page.locator("#tts-grain")).hasText("hour");
        assertThat(page.locator("#tts-chart")).hasAttribute("data-granularity", "HOUR");
        assertThat(page.locator("#tts-chart")).hasAttribute("data-points", "2");
        List<String> hours = axis("tts-chart");
        assertEquals(7 * 24, hours.size(), "seven days of hours");
        List<Object> p50 = lineData("tts-chart");
        assertEquals(95.0, ((Number) p50.get(hours.indexOf(yesterday + "T10:00"))).doubleValue());
        assertEquals(125.0, ((Number) p50.get(hours.indexOf(yesterday + "T14:00"))).doubleValue());
        assertEquals(2L, p50.stream().filter(v -> v != null).count(), "only the two planted hours: " + p50);
        String query = URLDecoder.decode(page.locator("#tts-h + .query-link").getAttribute("href"),
                StandardCharsets.UTF_8);
        assertTrue(query.contains("granularity: HOUR"), query);

        // Chosen: days, kept in the address and across a reload.
        page.getByLabel("Granularity").selectOption("day");
        page.waitForURL("**granularity=day**");
        Browser.waitReady(page);
        assertThat(page.locator("#tts-chart")).hasAttribute("data-granularity", "DAY");
        assertEquals(7, axis("tts-chart").size());
        assertEquals(110.0, ((Number) lineData("tts-chart").get(5)).doubleValue(), "yesterday's day row");
        page.reload();
        Browser.waitReady(page);
        assertThat(page.locator("#granularity")).hasValue("day");
        assertThat(page.getByLabel(BUILD)).isChecked();

        // Chosen: hours by the switch, then auto again: 14 days are days.
        page.getByLabel("Granularity").selectOption("hour");
        page.waitForURL("**granularity=hour**");
        Browser.waitReady(page);
        assertThat(page.locator("#tts-chart")).hasAttribute("data-granularity", "HOUR");
        page.getByLabel("Time range").selectOption("14");
        page.waitForURL("**range=14**");
        Browser.waitReady(page);
        assertThat(page.locator("#tts-chart")).hasAttribute("data-granularity", "HOUR");
        assertEquals(14 * 24, axis("tts-chart").size(), "hours chosen: fourteen days of them");
        page.getByLabel("Granularity").selectOption("auto");
        page.waitForURL(url -> !url.contains("granularity="));
        Browser.waitReady(page);
        assertThat(page.locator("#granularity option[value=auto]")).hasText("auto (day)");
        assertThat(page.locator("#tts-chart")).hasAttribute("data-granularity", "DAY");
        assertEquals(14, axis("tts-chart").size());
    }

    @Test
    void jobNamesOnTheMetricsPageLeadToTheirTimeToSignal() {
        // Per day: the time to signal above is planted as day rows (seven days are hourly by default).
        Browser.go(page, "/metrics/" + history.repo + "?range=7&granularity=day");
        assertThat(page.locator("#tts-chart + .job-links a")).hasCount(2);
        page.locator("#tts-chart + .job-links a", new com.microsoft.playwright.Page.LocatorOptions().setHasText(MAC))
                .click();
        Browser.waitReady(page);
        assertTrue(page.url().contains("/tts/" + history.repo + "?job="), page.url());
        assertThat(page.getByLabel(MAC)).isChecked();
        assertThat(page.locator("#tts-chart")).hasAttribute("data-series", "1");
        // The job-duration chart names the history's own five jobs (the two above among them), each a link too.
        Browser.go(page, "/metrics/" + history.repo + "?range=7");
        assertThat(page.locator("#duration-chart + .job-links a")).hasCount(5);
    }
}
