package dev.greenboard.api.metric;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.metrics.reverts.RevertsRollup;

/** Reads metric points from the rollup tables only: one indexed statement per series. */
@ApplicationScoped
class MetricReader {

    /** The most points one series returns (a metric per job or label has one series per key in it). */
    static final int MAX_POINTS = 5000;

    /**
     * Characters of each comment that the force pattern is looked for in: a merge command opens its comment, and the
     * cut bounds the work of one request whatever people write.
     */
    static final int FORCE_COMMENT_CHARS = 1000;

    private final ReadSql sql;
    private final MergeBotConfig mergeBot;
    private final Pattern forcePattern;

    MetricReader(ReadSql sql, MergeBotConfig mergeBot) {
        this.sql = sql;
        this.mergeBot = mergeBot;
        try {
            this.forcePattern = Pattern.compile(mergeBot.forcePattern());
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("greenboard.metrics.merge-bot.force-pattern is no RE2 regular expression ("
                    + e.getDescription() + " at `" + e.getPattern() + "`)", e);
        }
    }

    Uni<List<MetricPoint>> points(long repoId, MetricRequest request) {
        return switch (request.metric().source()) {
            case COMMIT_HEALTH -> request.metric() == Metric.TIME_SINCE_GREEN
                    ? greenLag(repoId, request)
                    : commitHealth(repoId, request);
            case TIME_STATS -> timeStats(repoId, request);
            case REVERTS -> reverts(repoId, request);
            case QUEUE_SNAPSHOT -> queue(repoId, request);
            case WORKFLOW_RUNS -> request.metric() == Metric.COMMIT_TTS
                    ? commitTts(repoId, request, List.of())
                    : workflowLoad(repoId, request);
            case DISABLED_TESTS -> request.metric() == Metric.OPEN_DISABLED_TESTS
                    ? openDisabledTests(repoId, request)
                    : newDisabledTests(repoId, request);
            case PULL_REQUESTS -> request.metric() == Metric.FORCE_MERGES
                    ? forceMerges(repoId, request)
                    : pullRequests(repoId, request);
            case RUN_JOBS -> commitWorkflowDuration(repoId, request, List.of());
        };
    }

    /**
     * PyTorch's "pull workflow duration per trunk commit" (K4) for any workflow: per first attempt of a completed run
     * on the branch, three measures from its jobs (completed, not skipped, started): the wall clock (first job start to
     * last job completion), the longest job, and build+test, the largest over the run's configs (a job name's prefix
     * before " / ", or the whole name) of its longest build job plus its longest test job. A job whose name has "test"
     * in it is a test job, else one with "build" is a build job (case-insensitive): a "build-and-test" job counts once.
     * A config without a build job counts its longest test job alone, one without a test job its build alone; a run
     * with neither has no build+test. The mean or a percentile per bucket of the run's creation, workflow and measure.
     *
     * @param workflows the workflows to read; empty: every workflow
     */
    Uni<List<MetricPoint>> commitWorkflowDuration(long repoId, MetricRequest request, List<String> workflows) {
        String value = request.aggregate("seconds");
        Tuple params = Tuple.tuple().addLong(repoId).addValue(utc(request.from())).addValue(utc(request.to()))
                .addString(request.granularity().sqlUnit()).addString(request.branch())
                .addArrayOfString(workflows.toArray(new String[0])).addInteger(MAX_POINTS + 1);
        // Each run's jobs are read in a lateral subquery through the job index on (run, attempt), so the work grows
        // with the runs in the range: a plain join lets the planner hash the whole job table even for a few days.
        return limited(sql.list(
                """
                        with runs as (
                            select coalesce(r.name, '(unnamed)') as workflow, r.created_at, d.wall_clock, d.longest_job,
                                   d.build_test
                              from workflow_run r
                              cross join lateral (
                                  select extract(epoch from max(c.last_completion) - min(c.first_start))::float8 as wall_clock,
                                         max(c.longest_s) as longest_job, max(c.build_test_s) as build_test
                                    from (select min(j.started_at) as first_start, max(j.completed_at) as last_completion,
                                                 max(j.seconds) as longest_s,
                                                 case when bool_or(j.build or j.test)
                                                      then coalesce(max(j.seconds) filter (where j.build), 0)
                                                           + coalesce(max(j.seconds) filter (where j.test), 0) end as build_test_s
                                            from job
                                            cross join lateral (
                                                select job.started_at, job.completed_at,
                                                       extract(epoch from job.completed_at - job.started_at)::float8 as seconds,
                                                       strpos(lower(job.name), 'test') > 0 as test,
                                                       strpos(lower(job.name), 'test') = 0
                                                           and strpos(lower(job.name), 'build') > 0 as build) as j
                                           where job.run_id = r.id and job.run_attempt = r.run_attempt
                                             and job.status = 'completed' and job.conclusion is distinct from 'skipped'
                                             and job.started_at is not null and job.completed_at >= job.started_at
                                           group by split_part(job.name, ' / ', 1)) as c) as d
                             where r.repo_id = $1 and r.created_at >= $2 and r.created_at < $3 and r.run_attempt = 1
                               and r.status = 'completed' and r.head_branch = $5
                               and (cardinality($6::text[]) = 0 or r.name = any($6::text[]))
                        ), samples as (
                            select runs.workflow, runs.created_at, m.measure, m.seconds
                              from runs cross join lateral (values ('wall_clock', runs.wall_clock),
                                                                   ('longest_job', runs.longest_job),
                                                                   ('build_test', runs.build_test)) as m (measure, seconds)
                             where m.seconds is not null
                        )
                        select date_trunc($4, created_at, 'UTC') as time, workflow, measure, count(*) as runs,
                               %s as value
                          from samples
                         group by 1, 2, 3 order by workflow collate "C", measure collate "C", 1
                         limit $7"""
                        .formatted(value),
                params,
                row -> new MetricPoint(time(row), row.getDouble("value"), row.getLong("runs").intValue(),
                        row.getString("workflow"), row.getString("measure"))));
    }

    /**
     * Merged pull requests per bucket of merged_at. Landing time: merge minus the earlier of the merge bot's first
     * attempt and the first approving review before the merge (only 0 < t < 168 h, as PyTorch), for PRs with either;
     * merge retries: the bot's attempts up to the merge, for PRs with at least one.
     */
    private Uni<List<MetricPoint>> pullRequests(long repoId, MetricRequest request) {
        boolean landing = request.metric() == Metric.PR_LANDING_TIME;
        String value = landing ? request.aggregate("landing_s") : "avg(attempts)::float8";
        Tuple params = Tuple.tuple().addLong(repoId).addValue(utc(request.from())).addValue(utc(request.to()))
                .addString(request.granularity().sqlUnit()).addString(mergeBot.login())
                .addString(mergeBot.startedMarker());
        return sql.list("""
                with merged as (
                    select p.merged_at, a.first_attempt, a.attempts, r.first_approval
                      from pull_request p
                      cross join lateral (
                          select min(c.created_at) as first_attempt, count(*) as attempts
                            from issue_comment c
                           where c.repo_id = p.repo_id and c.issue_number = p.number and c.author = $5
                             and not c.deleted and c.created_at <= p.merged_at and strpos(c.body, $6) > 0) as a
                      cross join lateral (
                          select min(v.submitted_at) as first_approval
                            from pull_request_review v
                           where v.repo_id = p.repo_id and v.pr_number = p.number and v.state = 'APPROVED'
                             and v.submitted_at <= p.merged_at) as r
                     where p.repo_id = $1 and p.merged and p.merged_at >= $2 and p.merged_at < $3
                ), samples as (
                    select merged_at, attempts,
                           extract(epoch from merged_at - least(first_attempt, first_approval))::float8 as landing_s
                      from merged
                )
                select date_trunc($4, merged_at, 'UTC') as time, count(*) as prs, %s as value
                  from samples
                 where %s
                 group by 1 order by 1""".formatted(value, landing
                ? "landing_s > 0 and landing_s < 168 * 3600"
                : "attempts > 0"), params,
                row -> new MetricPoint(time(row), row.getDouble("value"), row.getLong("prs").intValue(), null));
    }

    /**
     * Merged pull requests per bucket of merged_at (the count) and those of them whose merge was forced (the value): a
     * comment of anyone but the merge bot, not deleted, created up to the merge, in which the force pattern is found.
     * The pattern runs here, on RE2/J (PostgreSQL's regular expressions are another dialect, and backtrack), on a
     * worker thread: the comments of a long range are many.
     */
    private Uni<List<MetricPoint>> forceMerges(long repoId, MetricRequest request) {
        Tuple params = Tuple.tuple().addLong(repoId).addValue(utc(request.from())).addValue(utc(request.to()))
                .addString(request.granularity().sqlUnit()).addString(mergeBot.login())
                .addInteger(FORCE_COMMENT_CHARS);
        return sql.list("""
                select date_trunc($4, p.merged_at, 'UTC') as time,
                       coalesce((select array_agg(left(c.body, $6))
                                   from issue_comment c
                                  where c.repo_id = p.repo_id and c.issue_number = p.number and not c.deleted
                                    and c.created_at <= p.merged_at and c.author is distinct from $5
                                    and c.body is not null), '{}') as comments
                  from pull_request p
                 where p.repo_id = $1 and p.merged and p.merged_at >= $2 and p.merged_at < $3
                 order by 1""", params, row -> new MergedComments(time(row), row.getArrayOfStrings("comments")))
                .emitOn(Infrastructure.getDefaultWorkerPool()).map(this::forcedPerBucket);
    }

    /** The comments of one merged pull request made before its merge, and the bucket of the merge. */
    private record MergedComments(Instant bucket, String[] comments) {
    }

    private List<MetricPoint> forcedPerBucket(List<MergedComments> merged) {
        Map<Instant, int[]> buckets = new TreeMap<>();
        for (MergedComments pr : merged) {
            int[] forcedAndMerged = buckets.computeIfAbsent(pr.bucket(), b -> new int[2]);
            forcedAndMerged[1]++;
            for (String comment : pr.comments()) {
                if (forcePattern.matcher(comment).find()) {
                    forcedAndMerged[0]++;
                    break;
                }
            }
        }
        List<MetricPoint> points = new ArrayList<>();
        buckets.forEach((bucket, n) -> points.add(new MetricPoint(bucket, (double) n[0], n[1], null)));
        return points;
    }

    /**
     * Per commit, the longest of its push-triggered first attempts of the chosen workflows, when all of them
     * succeeded (PyTorch's K6); the mean or a percentile per bucket of the commit's first run.
     */
    Uni<List<MetricPoint>> commitTts(long repoId, MetricRequest request, List<String> workflows) {
        String value = request.aggregate("tts_s");
        Tuple params = Tuple.tuple().addLong(repoId).addValue(utc(request.from())).addValue(utc(request.to()))
                .addString(request.granularity().sqlUnit()).addArrayOfString(workflows.toArray(new String[0]));
        return sql.list("""
                with commits as (
                    select head_sha, min(created_at) as first_created,
                           max(extract(epoch from updated_at - created_at))::float8 as tts_s
                      from workflow_run
                     where repo_id = $1 and created_at >= $2 and created_at < $3 and run_attempt = 1
                       and event = 'push' and (cardinality($5::text[]) = 0 or name = any($5::text[]))
                     group by head_sha
                    having bool_and(conclusion = 'success' and updated_at >= created_at)
                )
                select date_trunc($4, first_created, 'UTC') as time, count(*) as commits, %s as value
                  from commits group by 1 order by 1""".formatted(value), params,
                row -> new MetricPoint(time(row), row.getDouble("value"), row.getLong("commits").intValue(), null));
    }

    /** First attempts of workflow runs per bucket of their creation and workflow name. */
    private Uni<List<MetricPoint>> workflowLoad(long repoId, MetricRequest request) {
        Tuple params = Tuple.tuple().addLong(repoId).addValue(utc(request.from())).addValue(utc(request.to()))
                .addString(request.granularity().sqlUnit()).addValue(request.key()).addInteger(MAX_POINTS + 1);
        return limited(sql.list("""
                select date_trunc($4, created_at, 'UTC') as time, coalesce(name, '(unnamed)') as workflow,
                       count(*) as runs
                  from workflow_run
                 where repo_id = $1 and created_at >= $2 and created_at < $3 and run_attempt = 1
                   and ($5::text is null or coalesce(name, '(unnamed)') = $5)
                 group by 1, 2 order by coalesce(name, '(unnamed)') collate "C", 1
                 limit $6""", params, row -> new MetricPoint(time(row), row.getLong("runs").doubleValue(),
                row.getLong("runs").intValue(), row.getString("workflow"))));
    }

    /** Tests first seen disabled per bucket (a test disabled again later keeps its first row). */
    private Uni<List<MetricPoint>> newDisabledTests(long repoId, MetricRequest request) {
        Tuple params = Tuple.of(repoId, utc(request.from()), utc(request.to()), request.granularity().sqlUnit());
        return sql.list("""
                select date_trunc($4, first_seen, 'UTC') as time, count(*) as tests
                  from (select min(created_at) as first_seen from disabled_test where repo_id = $1
                         group by test_key) as t
                 where first_seen >= $2 and first_seen < $3
                 group by 1 order by 1""", params,
                row -> new MetricPoint(time(row), row.getLong("tests").doubleValue(), row.getLong("tests").intValue(),
                        null));
    }

    /**
     * The disabled-list entries open at the end of each bucket (now for the current one): those whose latest recorded
     * change by then disabled them (the tile disabled_tests counts the same rows now). The changes are few, a handful
     * per test ever disabled, so each bucket reads the repository's changes up to its end.
     */
    private Uni<List<MetricPoint>> openDisabledTests(long repoId, MetricRequest request) {
        int hours = (int) request.granularity().length().toHours();
        Tuple params = Tuple.of(repoId, utc(request.from()), utc(request.to()), hours);
        return sql.list("""
                select b.start as time, o.open, c.changes
                  from generate_series($2::timestamptz, $3::timestamptz - make_interval(hours => $4),
                                       make_interval(hours => $4)) as b (start)
                  cross join lateral (select least(b.start + make_interval(hours => $4), now()) as at) as e
                  cross join lateral (
                      select count(*) filter (where latest.active) as open
                        from (select distinct on (disabled_test_id) active from disabled_test_change
                               where repo_id = $1 and changed_at < e.at
                               order by disabled_test_id, changed_at desc, id desc) as latest) as o
                  cross join lateral (select count(*) as changes from disabled_test_change
                                       where repo_id = $1 and changed_at >= b.start
                                         and changed_at < b.start + make_interval(hours => $4)) as c
                 where b.start <= now()
                 order by 1""", params,
                row -> new MetricPoint(time(row), row.getLong("open").doubleValue(),
                        row.getLong("changes").intValue(), null));
    }

    /** Red, broken and flaky rates and commit counts, bucketed at query time from one row per commit. */
    private Uni<List<MetricPoint>> commitHealth(long repoId, MetricRequest request) {
        Tuple params = Tuple.of(repoId, request.branch(), utc(request.from()), utc(request.to()),
                request.granularity().sqlUnit());
        return sql.list("""
                select date_trunc($5, seen_at, 'UTC') as time, count(*) as commits,
                       count(*) filter (where state in ('green', 'flaky', 'broken')) as finished,
                       count(*) filter (where state = 'broken') as broken,
                       count(*) filter (where state = 'flaky') as flaky
                  from commit_health
                 where repo_id = $1 and branch = $2 and seen_at >= $3 and seen_at < $4
                 group by 1 order by 1""", params, row -> {
            Instant time = row.getOffsetDateTime("time").toInstant();
            int commits = row.getLong("commits").intValue();
            int finished = row.getLong("finished").intValue();
            int broken = row.getLong("broken").intValue();
            int flaky = row.getLong("flaky").intValue();
            return switch (request.metric()) {
                case COMMITS -> new MetricPoint(time, (double) commits, commits, null);
                case RED_RATE -> rate(time, broken + flaky, finished);
                case BROKEN_RATE -> rate(time, broken, finished);
                case FLAKY_RATE -> rate(time, flaky, finished);
                default -> throw new IllegalStateException("not a commit health metric: " + request.metric());
            };
        }).map(points -> points.stream().filter(Objects::nonNull).toList());
    }

    /**
     * The branch's lag behind its last green commit at the end of each bucket (now for the current one): two probes
     * of the (repository, branch, seen_at) index per bucket. States are today's: a commit that turned green later
     * counts as green in earlier buckets too.
     */
    private Uni<List<MetricPoint>> greenLag(long repoId, MetricRequest request) {
        int hours = (int) request.granularity().length().toHours();
        Tuple params = Tuple.of(repoId, request.branch(), utc(request.from()), utc(request.to()), hours);
        return sql.list("""
                select b.start as time, extract(epoch from n.newest - g.green)::float8 as lag, c.commits
                  from generate_series($3::timestamptz, $4::timestamptz - make_interval(hours => $5),
                                       make_interval(hours => $5)) as b (start)
                  cross join lateral (select least(b.start + make_interval(hours => $5), now()) as at) as e
                  cross join lateral (select max(seen_at) as newest from commit_health
                                       where repo_id = $1 and branch = $2 and seen_at < e.at) as n
                  cross join lateral (select max(seen_at) as green from commit_health
                                       where repo_id = $1 and branch = $2 and seen_at < e.at
                                         and state in ('green', 'flaky')) as g
                  cross join lateral (select count(*) as commits from commit_health
                                       where repo_id = $1 and branch = $2 and seen_at >= b.start
                                         and seen_at < b.start + make_interval(hours => $5)) as c
                 where b.start <= now() and n.newest is not null and g.green is not null
                 order by 1""", params,
                row -> new MetricPoint(time(row), row.getDouble("lag"), row.getLong("commits").intValue(), null));
    }

    /** A bucket with no finished commit has no rate, and no point. */
    private static MetricPoint rate(Instant time, int part, int finished) {
        return finished == 0 ? null : new MetricPoint(time, (double) part / finished, finished, null);
    }

    /**
     * Stored per day and week, and per hour for the recent horizon MetricRequest checks, with exact percentiles for
     * each.
     */
    private Uni<List<MetricPoint>> timeStats(long repoId, MetricRequest request) {
        Tuple params = Tuple.tuple().addLong(repoId).addString(request.metric().apiName())
                .addString(request.granularity().sqlUnit()).addValue(utc(request.from()))
                .addValue(utc(request.to())).addValue(request.key()).addInteger(MAX_POINTS + 1);
        // The statistic names a column: it comes from a fixed set (MetricRequest), never from the caller's text.
        return limited(sql.list("""
                select bucket_start as time, key, count, %1$s as value
                  from job_time_stats
                 where repo_id = $1 and metric = $2 and bucket = $3 and bucket_start >= $4 and bucket_start < $5
                   and ($6::text is null or key = $6) and %1$s is not null
                 order by key collate "C", bucket_start
                 limit $7""".formatted(request.statisticColumn()), params,
                row -> new MetricPoint(time(row), row.getDouble("value"), row.getInteger("count"),
                        row.getString("key"))));
    }

    /**
     * Days of the default branch, summed into weeks; hours are counted from the commits when read, with the rollup's
     * own definition of a revert (the landed commits of one range of one repository: an index range of its branch).
     */
    private Uni<List<MetricPoint>> reverts(long repoId, MetricRequest request) {
        if (request.granularity() == Granularity.HOUR) {
            Tuple params = Tuple.of(repoId, utc(request.from()), utc(request.to()));
            return sql.list("""
                    with landing_window as (select $1::bigint as repo_id, $2::timestamptz as lo,
                                                   $3::timestamptz as hi),
                    %s
                    select date_trunc('hour', seen_at, 'UTC') as time, count(*) filter (where revert) as reverts,
                           count(*) as commits
                      from landed group by 1 order by 1""".formatted(RevertsRollup.LANDED_COMMITS), params,
                    row -> new MetricPoint(time(row), row.getLong("reverts").doubleValue(),
                            row.getLong("commits").intValue(), null));
        }
        Tuple params = Tuple.of(repoId, day(request.from()), day(request.to()), request.granularity().sqlUnit());
        return sql.list("""
                select date_trunc($4, day::timestamp) at time zone 'UTC' as time, sum(reverts) as reverts,
                       sum(commits) as commits
                  from revert_stats
                 where repo_id = $1 and day >= $2 and day < $3
                 group by 1 order by 1""", params,
                row -> new MetricPoint(time(row), row.getLong("reverts").doubleValue(),
                        row.getLong("commits").intValue(), null));
    }

    /** Quarter-hour snapshots, the most seen per bucket and label. */
    private Uni<List<MetricPoint>> queue(long repoId, MetricRequest request) {
        Tuple params = Tuple.tuple().addLong(repoId).addValue(utc(request.from())).addValue(utc(request.to()))
                .addString(request.granularity().sqlUnit()).addValue(request.key()).addInteger(MAX_POINTS + 1);
        boolean age = request.metric() == Metric.LIVE_QUEUE_AGE;
        return limited(sql.list("""
                select date_trunc($4, slot, 'UTC') as time, label, count(*) as snapshots,
                       max(queued)::float8 as queued, max(oldest_age_s) as age
                  from queue_snapshot
                 where repo_id = $1 and slot >= $2 and slot < $3 and ($5::text is null or label = $5)
                 group by 1, 2 order by label collate "C", 1
                 limit $6""", params, row -> new MetricPoint(time(row),
                row.getDouble(age ? "age" : "queued"), row.getLong("snapshots").intValue(), row.getString("label"))));
    }

    private static Uni<List<MetricPoint>> limited(Uni<List<MetricPoint>> points) {
        return points.map(list -> {
            if (list.size() > MAX_POINTS) {
                throw ApiException.badInput("The series has more than " + MAX_POINTS + " points; narrow the range or"
                        + " pick one key with the job, workflow or label argument");
            }
            return new ArrayList<>(list);
        });
    }

    private static Instant time(Row row) {
        return row.getOffsetDateTime("time").toInstant();
    }

    private static OffsetDateTime utc(Instant time) {
        return time.atOffset(ZoneOffset.UTC);
    }

    private static LocalDate day(Instant time) {
        return time.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
