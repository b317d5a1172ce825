package dev.greenboard.api.joblog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.metric.Granularity;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;

/** PyTorch's "Failed Jobs Log Classifications" panel: what the log-classifications rollup stored, grouped. */
@GraphQLApi
public class FailureClassificationApi {

    static final int MAX = 500;
    static final int MAX_DAYS = 366;

    private final RepoLookup repos;
    private final ReadSql sql;

    public FailureClassificationApi(RepoLookup repos, ReadSql sql) {
        this.repos = repos;
        this.sql = sql;
    }

    @Query("failureClassifications")
    @Description("""
            Failed, cancelled and timed-out jobs of the repository's default branch that completed in the range,
            grouped by the rule that matched their log and what it captured, most jobs first, each with the newest
            job as its example; with the counts of jobs no rule matched, whose log was gone, and without a classification.
            'from' defaults to 7 days before 'to', 'to' to now; both are widened to whole UTC days, at most 366.
            At most 500 groups (first).""")
    public Uni<FailureClassifications> failureClassifications(@NonNull String repo, Instant from, Instant to,
            @DefaultValue("50") int first) {
        if (first < 1 || first > MAX) {
            return Uni.createFrom().failure(ApiException.badInput("'first' must be 1 to " + MAX + "; got " + first));
        }
        Instant end = Granularity.DAY.ceil(to == null ? Instant.now() : to);
        Instant start = Granularity.DAY.floor(from == null ? end.minus(Duration.ofDays(7)) : from);
        if (!start.isBefore(end)) {
            return Uni.createFrom().failure(ApiException.badInput("'from' must be before 'to'"));
        }
        if (Duration.between(start, end).toDays() > MAX_DAYS) {
            return Uni.createFrom().failure(ApiException.badInput("The range spans "
                    + Duration.between(start, end).toDays() + " days; at most " + MAX_DAYS));
        }
        return repos.require(repo).chain(r -> {
            Tuple range = Tuple.tuple().addLong(r.id()).addOffsetDateTime(start.atOffset(ZoneOffset.UTC))
                    .addOffsetDateTime(end.atOffset(ZoneOffset.UTC));
            // One pass over the range's matched rows: the groups, and per group its newest job as the example.
            Uni<List<FailureClassification>> groups = sql.list("""
                    with matched as (
                        select rule, captured, line, job_id, completed_at from job_log_classification
                         where repo_id = $1 and outcome = 'matched' and completed_at >= $2 and completed_at < $3),
                    g as (
                        select rule, captured, count(*) as jobs, max(completed_at) as last from matched
                         group by rule, captured
                         order by jobs desc, last desc, rule, captured
                         limit $4),
                    e as (
                        select distinct on (rule, captured) rule, captured, line, job_id, completed_at from matched
                         order by rule, captured, completed_at desc, job_id desc)
                    select g.rule, g.captured, g.jobs, e.line, e.job_id, j.name, j.html_url, e.completed_at
                      from g join e using (rule, captured) join job j on j.id = e.job_id
                     order by g.jobs desc, g.last desc, g.rule, g.captured""",
                    Tuple.tuple().addLong(r.id()).addOffsetDateTime(start.atOffset(ZoneOffset.UTC))
                            .addOffsetDateTime(end.atOffset(ZoneOffset.UTC)).addInteger(first),
                    FailureClassification::from);
            Uni<Row> counts = sql.one("""
                    select d.default_branch, s.matched, s.unmatched, s.unavailable,
                           (select count(*) from job j
                             where j.repo_id = $1 and j.status = 'completed'
                               and j.conclusion in ('failure', 'cancelled', 'timed_out')
                               and j.completed_at >= $2 and j.completed_at < $3
                               and j.head_branch = d.default_branch
                               and not exists (select 1 from job_log_classification c where c.job_id = j.id))
                               as unclassified
                      from repository_default_branch d
                     cross join (select count(*) filter (where outcome = 'matched') as matched,
                                        count(*) filter (where outcome = 'no_match') as unmatched,
                                        count(*) filter (where outcome = 'unavailable') as unavailable
                                   from job_log_classification
                                  where repo_id = $1 and completed_at >= $2 and completed_at < $3) s
                     where d.repo_id = $1""", range, row -> row);
            return groups.chain(list -> counts.map(row -> new FailureClassifications(r.fullName(),
                    row.getString("default_branch"), start, end, list, row.getLong("matched").intValue(),
                    row.getLong("unmatched").intValue(), row.getLong("unavailable").intValue(),
                    row.getLong("unclassified").intValue())));
        });
    }
}
