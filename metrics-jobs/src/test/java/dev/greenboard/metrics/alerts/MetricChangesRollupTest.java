package dev.greenboard.metrics.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntToDoubleFunction;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * The metric-changes rollup on daily job durations written as job-time-stats writes them ({@code job_time_stats},
 * bucket day, the median in p50_s), over the 30 days ending today:
 * <ul>
 * <li>a planted step: "pull / build" at 600 s for 25 days, then 900 s for the last 5 (+50% from today - 4), each day
 * varied by -6%, -3%, 0, +3%, +6% in turn, so that both medians stay exactly 600 and 900;</li>
 * <li>noise only: 600 s times (1 + 0.1 · a seeded standard normal) every day.</li>
 * </ul>
 * The two webhooks are WireMock stand-ins ({@link WebhookStandIn}); the database is shared with other test classes,
 * so requests are told apart by the repository named in them.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@QuarkusTestResource(value = WebhookStandIn.class, restrictToAnnotatedClass = true)
class MetricChangesRollupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = "pull / build";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RollupRunner runner;

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @Test
    void aPlantedStepIsStoredAndSentOnceWithItsSentence() throws Exception {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql, "step");
        durations(sql, repo, day -> (day < 25 ? 600 : 900) * (1 + 0.03 * (day % 5 - 2)));

        run();
        List<Map<String, Object>> changes = sql.rows("""
                select metric, key, change_day, direction, before_value, after_value, p_value, open,
                       notified_at is not null as notified, sentence
                  from metric_change where repo_id = repository_id(?)""", repo);
        assertEquals(1, changes.size(), changes.toString());
        Map<String, Object> change = changes.get(0);
        assertEquals("job_duration", change.get("metric"));
        assertEquals(JOB, change.get("key"));
        assertEquals(java.sql.Date.valueOf(today.minusDays(4)), change.get("change_day"));
        assertEquals("up", change.get("direction"));
        assertEquals(600.0, (Double) change.get("before_value"), 1e-9);
        assertEquals(900.0, (Double) change.get("after_value"), 1e-9);
        assertTrue((Double) change.get("p_value") <= 0.01, change.toString());
        assertEquals(Boolean.TRUE, change.get("open"));
        assertEquals(Boolean.TRUE, change.get("notified"));
        String day = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH).format(today.minusDays(4));
        assertTrue(((String) change.get("sentence")).startsWith("Job " + JOB + " (" + repo + ") got 50% slower on "
                + day + " (p"), change.toString());

        List<LoggedRequest> sent = requestsAbout(repo);
        assertEquals(1, sent.size());
        assertEquals("application/json", sent.get(0).getHeader("Content-Type"));
        JsonNode body = JSON.readTree(sent.get(0).getBodyAsString());
        assertTrue(body.get("text").asText().startsWith("Job " + JOB + " (" + repo + ") got 50% slower on " + day),
                body.toString());
        assertTrue(body.get("text").asText().endsWith(" https://ci.example.org/tts/" + repo
                + "?range=30&granularity=day&job=pull%20%2F%20build"), body.toString());
        assertEquals("section", body.get("blocks").get(0).get("type").asText());
        assertTrue(body.get("blocks").get(1).get("elements").get(0).get("text").asText()
                .startsWith("Median before: 10 min (25 days). Median since " + day + ": 15 min (5 days)."),
                body.toString());

        // The next run finds the same change: stored once, sent once.
        run();
        assertEquals(1, sql.rows("select id from metric_change where repo_id = repository_id(?)", repo).size());
        assertEquals(1, requestsAbout(repo).size(), "each change is posted once");
    }

    @Test
    void noiseAloneAlertsNobody() {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql, "noise");
        SplittableRandom random = new SplittableRandom(20261205);
        double[] values = new double[30];
        for (int i = 0; i < values.length; i++) {
            values[i] = 600 * (1 + 0.1 * gaussian(random));
        }
        durations(sql, repo, day -> values[day]);
        run();
        assertEquals(List.of(), sql.rows("select sentence from metric_change where repo_id = repository_id(?)",
                repo));
        assertEquals(List.of(), requestsAbout(repo));
    }

    @Test
    void aWebhookThatFailsGetsTheChangeOnTheNextRun() {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql, "retry");
        durations(sql, repo, day -> (day < 25 ? 300 : 150) * (1 + 0.03 * (day % 5 - 2)));
        WebhookStandIn.server.stubFor(post(urlPathEqualTo("/hooks/slack")).withRequestBody(containing(repo))
                .atPriority(1).willReturn(aResponse().withStatus(500)));
        run();
        assertEquals(1, requestsAbout(repo).size());
        assertNull(sql.row("select notified_at from metric_change where repo_id = repository_id(?)", repo)
                .get("notified_at"), "not taken: sent again next time");

        WebhookStandIn.server.stubFor(post(urlPathEqualTo("/hooks/slack")).withRequestBody(containing(repo))
                .atPriority(1).willReturn(aResponse().withStatus(200)));
        run();
        List<LoggedRequest> sent = requestsAbout(repo);
        assertEquals(2, sent.size());
        assertTrue(sent.get(1).getBodyAsString().contains("got 50% faster"), sent.get(1).getBodyAsString());
        assertNotNull(sql.row("select notified_at from metric_change where repo_id = repository_id(?)", repo)
                .get("notified_at"));
        run();
        assertEquals(2, requestsAbout(repo).size());
    }

    @Test
    void aFailingWebhookIsRetriedAloneWhileTheOtherGetsTheChangeOnce() {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql, "two");
        durations(sql, repo, day -> (day < 25 ? 600 : 900) * (1 + 0.03 * (day % 5 - 2)));
        failFor(WebhookStandIn.TEAM, repo, 503);

        run();
        assertEquals(1, requestsAbout(WebhookStandIn.SLACK, repo).size());
        assertEquals(1, requestsAbout(WebhookStandIn.TEAM, repo).size());
        assertNull(notifiedAt(sql, repo), "one webhook has not taken it");
        assertEquals(List.of(Map.of("webhook", WebhookSender.fingerprint(WebhookStandIn.url(WebhookStandIn.SLACK)))),
                deliveries(sql, repo), "the address itself is not stored");

        run();
        assertEquals(1, requestsAbout(WebhookStandIn.SLACK, repo).size(), "the webhook that took it is not retried");
        assertEquals(2, requestsAbout(WebhookStandIn.TEAM, repo).size(), "the failing one is");

        failFor(WebhookStandIn.TEAM, repo, 200);
        run();
        assertEquals(1, requestsAbout(WebhookStandIn.SLACK, repo).size());
        assertEquals(3, requestsAbout(WebhookStandIn.TEAM, repo).size(), "the recovered webhook gets it");
        assertNotNull(notifiedAt(sql, repo));
        assertEquals(2, deliveries(sql, repo).size());

        run();
        assertEquals(1, requestsAbout(WebhookStandIn.SLACK, repo).size());
        assertEquals(3, requestsAbout(WebhookStandIn.TEAM, repo).size(), "each webhook got the change exactly once");
    }

    @Test
    void aWebhookRemovedFromTheSettingIsNoLongerRetried() throws Exception {
        Sql sql = new Sql(dataSource);
        String repo = repository(sql, "removed");
        durations(sql, repo, day -> (day < 25 ? 600 : 900) * (1 + 0.03 * (day % 5 - 2)));
        failFor(WebhookStandIn.TEAM, repo, 500);
        run();
        assertEquals(1, requestsAbout(WebhookStandIn.TEAM, repo).size());
        assertNull(notifiedAt(sql, repo));

        // The next run with the failing webhook taken out of greenboard.alerts.webhook-urls.
        ChangeNotifier slackOnly = new ChangeNotifier(
                new WebhookSender(List.of(WebhookStandIn.url(WebhookStandIn.SLACK)), Duration.ofSeconds(10)),
                Optional.empty());
        try (Connection connection = dataSource.getConnection()) {
            slackOnly.notifyNew(connection, OffsetDateTime.now(ZoneOffset.UTC));
        }
        assertEquals(1, requestsAbout(WebhookStandIn.TEAM, repo).size(), "a removed webhook is not posted to");
        assertEquals(1, requestsAbout(WebhookStandIn.SLACK, repo).size(), "nor is the one that took it");
        assertNotNull(notifiedAt(sql, repo), "every configured webhook has it");
    }

    private static void failFor(String path, String repo, int status) {
        WebhookStandIn.server.stubFor(post(urlPathEqualTo(path)).withRequestBody(containing(repo)).atPriority(1)
                .willReturn(aResponse().withStatus(status)));
    }

    private static Object notifiedAt(Sql sql, String repo) {
        return sql.row("select notified_at from metric_change where repo_id = repository_id(?)", repo)
                .get("notified_at");
    }

    private static List<Map<String, Object>> deliveries(Sql sql, String repo) {
        return sql.rows("""
                select d.webhook from metric_change_delivery d join metric_change c on c.id = d.change_id
                 where c.repo_id = repository_id(?) order by d.delivered_at, d.webhook""", repo);
    }

    private void run() {
        RollupRun run = runner.runNow("metric-changes", false);
        assertEquals("success", run.status(), run.detail());
    }

    private static List<LoggedRequest> requestsAbout(String repo) {
        return requestsAbout(WebhookStandIn.SLACK, repo);
    }

    private static List<LoggedRequest> requestsAbout(String path, String repo) {
        return WebhookStandIn.server.findAll(postRequestedFor(urlPathEqualTo(path))
                .withRequestBody(containing("(" + repo + ")")));
    }

    private static String repository(Sql sql, String owner) {
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name, default_branch) values (?, ?, ?, 'main')",
                owner + "/" + name, owner, name);
        return owner + "/" + name;
    }

    /** Day 0 is 29 days ago, day 29 today; 5 samples a day. */
    private void durations(Sql sql, String repo, IntToDoubleFunction value) {
        for (int day = 0; day < 30; day++) {
            double v = value.applyAsDouble(day);
            sql.execute("""
                    insert into job_time_stats (repo_id, metric, key, bucket, bucket_start, count, mean_s, p50_s,
                                                p90_s, p95_s, p99_s, max_s)
                    values (repository_id(?), 'job_duration', ?, 'day', ?, 5, ?, ?, ?, ?, ?, ?)""", repo, JOB,
                    today.minusDays(29 - day).atStartOfDay().atOffset(ZoneOffset.UTC), v, v, v, v, v, v);
        }
    }

    /** A standard normal from two uniforms (Box–Muller). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
