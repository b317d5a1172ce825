package dev.greenboard.api.metric;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.metric.MetricTile.Thresholds;
import dev.greenboard.api.read.ReadSql;

/**
 * Reads the tiles' numbers: the commit ones from {@code commit_health} and {@code revert_stats} (rollups), the
 * branch's last push from {@code push} and the workflows' median time to signal from {@code workflow_run}, both
 * through an index on (repository, time): a median over a range cannot be merged from daily medians.
 */
@ApplicationScoped
class MetricTileReader {

    /** How far back the last success of a workflow is looked for (an index range on creation time). */
    static final Duration SUCCESS_LOOKBACK = Duration.ofDays(90);

    private final ReadSql sql;

    MetricTileReader(ReadSql sql) {
        this.sql = sql;
    }

    Uni<List<MetricTile>> tiles(long repoId, String branch, Instant from, Instant to, Instant now,
            List<String> workflows) {
        OffsetDateTime lo = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime hi = to.atOffset(ZoneOffset.UTC);
        Uni<Map<String, Thresholds>> thresholds = sql.list(
                "select tile, amber, red from metric_threshold where repo_id = $1", Tuple.of(repoId),
                row -> Map.entry(row.getString("tile"), new Thresholds(row.getDouble("amber"), row.getDouble("red"),
                        true)))
                .map(entries -> {
                    Map<String, Thresholds> map = new HashMap<>();
                    entries.forEach(e -> map.put(e.getKey(), e.getValue()));
                    return map;
                });
        Uni<long[]> red = sql.one("""
                select count(*) filter (where state in ('green', 'flaky', 'broken')) as finished,
                       count(*) filter (where state = 'broken') as broken,
                       count(*) filter (where state = 'flaky') as flaky
                  from commit_health where repo_id = $1 and branch = $2 and seen_at >= $3 and seen_at < $4""",
                Tuple.of(repoId, branch, lo, hi), row -> new long[]{row.getLong("finished"), row.getLong("broken"),
                        row.getLong("flaky")});
        // The newest commit of the branch, and the newest one whose blocking jobs' latest attempts all passed
        // (green, or flaky: failed, then passed).
        Uni<Object[]> green = sql.one("""
                select n.seen_at as newest, g.seen_at as green, g.sha as green_sha
                  from (select max(seen_at) as seen_at from commit_health where repo_id = $1 and branch = $2) as n
                  left join lateral (select sha, seen_at from commit_health
                                      where repo_id = $1 and branch = $2 and state in ('green', 'flaky')
                                      order by seen_at desc limit 1) as g on true""", Tuple.of(repoId, branch),
                row -> new Object[]{row.getOffsetDateTime("newest"), row.getOffsetDateTime("green"),
                        row.getString("green_sha")});
        Uni<OffsetDateTime> push = sql.one("""
                select max(pushed_at) as pushed_at from push
                 where repo_id = $1 and ref = 'refs/heads/' || $2 and not deleted""", Tuple.of(repoId, branch),
                row -> row.getOffsetDateTime("pushed_at"));
        Uni<long[]> reverts = sql.one("""
                select coalesce(sum(reverts), 0) as reverts, coalesce(sum(commits), 0) as commits
                  from revert_stats where repo_id = $1 and day >= $2 and day < $3""",
                Tuple.of(repoId, day(from), day(to)), row -> new long[]{row.getLong("reverts"),
                        row.getLong("commits")});
        Uni<Long> disabled = sql.one("select count(*) as n from disabled_test where repo_id = $1 and active",
                Tuple.of(repoId), row -> row.getLong("n"));
        Uni<List<Object[]>> tts = sql.list("""
                select coalesce(r.name, '(unnamed)') as workflow, count(*) as runs,
                       percentile_cont(0.5) within group (order by extract(epoch from r.updated_at - r.created_at))
                           as p50
                  from workflow_run r
                 where r.repo_id = $1 and r.created_at >= $2 and r.created_at < $3
                   and r.run_attempt = 1 and r.status = 'completed' and r.conclusion = 'success'
                   and r.updated_at >= r.created_at
                   and (cardinality($4::text[]) = 0 or r.name = any($4::text[]))
                 group by 1 order by 3 desc, 1""",
                Tuple.of(repoId, lo, hi, workflows.toArray(new String[0])),
                row -> new Object[]{row.getString("workflow"), row.getLong("runs"), row.getDouble("p50")});
        // Per chosen workflow, its newest successful run on the branch (any attempt): the stalest one is the tile.
        Uni<List<Object[]>> lastSuccess = sql.list("""
                select coalesce(r.name, '(unnamed)') as workflow, max(r.created_at) as last_success
                  from workflow_run r
                 where r.repo_id = $1 and r.created_at >= $4 and r.head_branch = $2 and r.conclusion = 'success'
                   and (cardinality($3::text[]) = 0 or r.name = any($3::text[]))
                 group by 1 order by 2, 1""", Tuple.of(repoId, branch, workflows.toArray(new String[0]),
                now.minus(SUCCESS_LOOKBACK).atOffset(ZoneOffset.UTC)),
                row -> new Object[]{row.getString("workflow"), row.getOffsetDateTime("last_success")});
        return Uni.combine().all().unis(thresholds, red, green, push, reverts, disabled, tts, lastSuccess)
                .with(parts -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Thresholds> set = (Map<String, Thresholds>) parts.get(0);
                    long[] r = (long[]) parts.get(1);
                    Object[] g = (Object[]) parts.get(2);
                    OffsetDateTime lastPush = (OffsetDateTime) parts.get(3);
                    long[] rv = (long[]) parts.get(4);
                    long disabledTests = (Long) parts.get(5);
                    @SuppressWarnings("unchecked")
                    List<Object[]> perWorkflow = (List<Object[]>) parts.get(6);
                    List<MetricTile> tiles = new ArrayList<>();
                    int finished = (int) r[0];
                    String ofFinished = finished + " finished commits in the range";
                    tiles.add(tile(set, Tile.RED_RATE, rate(r[1] + r[2], r[0]), finished, ofFinished));
                    tiles.add(
                            tile(set, Tile.BROKEN_RATE, rate(r[1], r[0]), finished, r[1] + " broken of " + ofFinished));
                    tiles.add(tile(set, Tile.FLAKY_RATE, rate(r[2], r[0]), finished, r[2] + " flaky of " + ofFinished));
                    tiles.add(sinceGreen(set, g));
                    tiles.add(lastPush == null
                            ? tile(set, Tile.TIME_SINCE_PUSH, null, null, "no push to the branch is stored")
                            : tile(set, Tile.TIME_SINCE_PUSH, seconds(lastPush.toInstant(), now), null,
                                    "last push " + lastPush.toInstant()));
                    tiles.add(tile(set, Tile.REVERTS, (double) rv[0], (int) rv[1], rv[0] + " reverts of " + rv[1]
                            + " commits landed in the range"));
                    tiles.add(tile(set, Tile.COMMITS, (double) rv[1], (int) rv[1], "commits landed in the range"));
                    tiles.add(tile(set, Tile.DISABLED_TESTS, (double) disabledTests, null, "tests disabled now"));
                    tiles.add(workflowTts(set, perWorkflow));
                    @SuppressWarnings("unchecked")
                    List<Object[]> successes = (List<Object[]>) parts.get(7);
                    tiles.add(sinceSuccess(set, successes, workflows, now));
                    return tiles;
                });
    }

    /** Newest commit time minus the newest green commit's time: 0 when the newest is green. */
    private static MetricTile sinceGreen(Map<String, Thresholds> set, Object[] g) {
        OffsetDateTime newest = (OffsetDateTime) g[0];
        OffsetDateTime green = (OffsetDateTime) g[1];
        if (newest == null) {
            return tile(set, Tile.TIME_SINCE_GREEN, null, null, "no commit on the branch");
        }
        if (green == null) {
            return tile(set, Tile.TIME_SINCE_GREEN, null, null, "no commit of the branch was ever green");
        }
        return tile(set, Tile.TIME_SINCE_GREEN, seconds(green.toInstant(), newest.toInstant()), null,
                "last green commit " + g[2] + " of " + green.toInstant());
    }

    /**
     * Now minus the newest successful run of the stalest chosen workflow; a chosen workflow that never succeeded on
     * the branch is named in the detail and leaves the tile without a value only when none succeeded.
     */
    private static MetricTile sinceSuccess(Map<String, Thresholds> set, List<Object[]> successes,
            List<String> workflows, Instant now) {
        if (successes.isEmpty()) {
            return tile(set, Tile.TIME_SINCE_WORKFLOW_SUCCESS, null, null,
                    "no successful run of the chosen workflows on the branch in the last "
                            + SUCCESS_LOOKBACK.toDays() + " days");
        }
        Object[] stalest = successes.get(0);
        List<String> never = workflows.stream()
                .filter(w -> successes.stream().noneMatch(s -> s[0].equals(w))).toList();
        return tile(set, Tile.TIME_SINCE_WORKFLOW_SUCCESS,
                seconds(((OffsetDateTime) stalest[1]).toInstant(), now), null,
                stalest[0] + " last succeeded " + ((OffsetDateTime) stalest[1]).toInstant()
                        + (never.isEmpty() ? "" : "; never succeeded: " + String.join(", ", never)));
    }

    /** The largest of the chosen workflows' medians (PyTorch's TTS tile takes the max over pull and trunk). */
    private static MetricTile workflowTts(Map<String, Thresholds> set, List<Object[]> perWorkflow) {
        if (perWorkflow.isEmpty()) {
            return tile(set, Tile.WORKFLOW_TTS_P50, null, 0, "no successful first attempt in the range");
        }
        Object[] slowest = perWorkflow.get(0);
        int runs = perWorkflow.stream().mapToInt(w -> ((Long) w[1]).intValue()).sum();
        StringBuilder detail = new StringBuilder();
        for (Object[] w : perWorkflow) {
            detail.append(detail.isEmpty() ? "" : ", ").append(w[0]).append(": p50 ")
                    .append(Math.round((Double) w[2])).append(" s of ").append(w[1]).append(" runs");
        }
        return tile(set, Tile.WORKFLOW_TTS_P50, (Double) slowest[2], runs, detail.toString());
    }

    private static MetricTile tile(Map<String, Thresholds> set, Tile tile, Double value, Integer count,
            String detail) {
        return MetricTile.of(tile, value, count, set.getOrDefault(tile.apiName(), Thresholds.defaults(tile)), detail);
    }

    private static Double rate(long part, long finished) {
        return finished == 0 ? null : (double) part / finished;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static LocalDate day(Instant time) {
        return time.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
