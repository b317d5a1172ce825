package dev.greenboard.api.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/**
 * {@code metricChanges} on rows as the metric-changes rollup writes them (its SQL and webhooks are metrics-jobs'
 * MetricChangesRollupTest): an open job_duration change of "pull / build" on Dec 1, an open red_rate change on Dec 3,
 * and a closed queue_time change on Nov 20.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricChangeApiTest {

    private static final String QUERY = """
            query($repo: String!, $open: Boolean, $metric: String, $key: String, $first: Int) {
              metricChanges(repo: $repo, open: $open, metric: $metric, key: $key, first: $first) {
                id metric key day direction before after pValue sentence open notifiedAt } }""";

    @Inject
    AgroalDataSource dataSource;

    String repo;

    @BeforeEach
    void rows() {
        if (repo != null) {
            return;
        }
        Sql sql = new Sql(dataSource);
        repo = "changes/r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name, default_branch) values (?, 'changes', ?, 'main')",
                repo, repo.substring("changes/".length()));
        change(sql, "job_duration", "pull / build", "2026-12-01", "up", 600, 900, true, true,
                "Job pull / build (" + repo + ") got 50% slower on Dec 1 (p = 0.001)");
        change(sql, "red_rate", "", "2026-12-03", "up", 0.05, 0.25, true, false,
                "Red commits on the default branch of " + repo + " rose from 5% to 25% on Dec 3 (p = 0.002)");
        change(sql, "queue_time", "linux.2xlarge", "2026-11-20", "down", 300, 60, false, true,
                "Queue time on linux.2xlarge (" + repo + ") got 80% faster on Nov 20 (p = 0.004)");
    }

    @Test
    void openChangesNewestFirst() {
        JsonPath open = GraphQL.data(QUERY, "repo", repo);
        assertEquals(List.of("red_rate", "job_duration"), open.getList("metricChanges.metric"));
        assertEquals(List.of("2026-12-03", "2026-12-01"), open.getList("metricChanges.day"));
        assertEquals("pull / build", open.getString("metricChanges[1].key"));
        assertEquals(900.0, open.getDouble("metricChanges[1].after"), 1e-3);
        assertTrue(open.getString("metricChanges[1].sentence").contains("got 50% slower on Dec 1"));
        assertNull(open.get("metricChanges[0].notifiedAt"), "the webhooks have not taken it yet");
    }

    @Test
    void closedOnesAndFilters() {
        assertEquals(List.of("red_rate", "job_duration", "queue_time"), GraphQL.data(QUERY, "repo", repo, "open",
                false).getList("metricChanges.metric"));
        assertEquals(List.of("linux.2xlarge"), GraphQL.data(QUERY, "repo", repo, "open", false, "metric",
                "queue_time").getList("metricChanges.key"));
        assertEquals(List.of("2026-12-01"), GraphQL.data(QUERY, "repo", repo, "key", "pull / build")
                .getList("metricChanges.day"));
        assertEquals(1, GraphQL.data(QUERY, "repo", repo, "first", 1).getList("metricChanges").size());
        JsonPath bad = GraphQL.raw(QUERY, "repo", repo, "first", 0);
        assertEquals("BAD_USER_INPUT", bad.getString("errors[0].extensions.code"), bad.prettify());
    }

    private void change(Sql sql, String metric, String key, String day, String direction, double before,
            double after, boolean open, boolean notified, String sentence) {
        OffsetDateTime now = OffsetDateTime.now();
        sql.execute("""
                insert into metric_change (repo_id, metric, key, change_day, direction, before_value, after_value,
                                           p_value, days_before, days_after, sentence, detected_at, last_seen_at,
                                           open, notified_at)
                values (repository_id(?), ?, ?, ?, ?, ?, ?, 0.001, 20, 5, ?, ?, ?, ?, ?)""",
                repo, metric, key, LocalDate.parse(day), direction, before, after, sentence,
                now, now, open, notified ? now : null);
    }
}
