package dev.greenboard.api.commit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.eclipse.microprofile.graphql.Type;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.commit.CommitConnection.CommitEdge;
import dev.greenboard.api.hud.HudStatus;
import dev.greenboard.api.job.Job;
import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.page.Page;
import dev.greenboard.api.page.PageSize;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.api.testresult.TestReport;
import dev.greenboard.model.ci.CommitJob;
import dev.greenboard.model.ci.JobExecution;
import dev.greenboard.model.ci.JobExecutionMerge;

@GraphQLApi
public class CommitApi {

    private final ReadSql sql;
    private final RepoLookup repos;

    public CommitApi(ReadSql sql, RepoLookup repos) {
        this.sql = sql;
        this.repos = repos;
    }

    @Query("commit")
    @Description("One commit; 'sha' may be a prefix of at least 7 characters.")
    public Uni<Commit> commit(@NonNull String repo, @NonNull String sha) {
        String prefix = sha.trim().toLowerCase();
        if (prefix.length() < 7) {
            return Uni.createFrom().failure(dev.greenboard.api.graphql.ApiException
                    .badInput("sha needs at least 7 characters, got '" + sha + "'"));
        }
        return repos.require(repo).chain(r -> sql.one("select " + Commit.COLUMNS
                + " from commit c join repository rp on rp.id = c.repo_id where c.repo_id = $1 and c.sha >= $2"
                + " and c.sha < $2 || 'g' order by c.sha limit 1", Tuple.of(r.id(), prefix), Commit::from));
    }

    @Query("commits")
    @Description("The commits of a branch (default: the repository's default branch) in HUD order, newest first.")
    public Uni<CommitConnection> commits(@NonNull String repo, String branch, Integer first, String after) {
        int size = PageSize.of(first, 50, 200);
        List<String> cursor = Cursor.decode(after, 3);
        return repos.require(repo).chain(r -> {
            Tuple params = Tuple.tuple().addLong(r.id())
                    .addString(branch == null || branch.isBlank() ? r.defaultBranch() : branch)
                    .addValue(cursor == null ? null : OffsetDateTime.parse(cursor.get(0)))
                    .addInteger(cursor == null ? 0 : Integer.parseInt(cursor.get(1)))
                    .addString(cursor == null ? "" : cursor.get(2))
                    .addInteger(size + 1);
            return sql.list("select bc.seen_at, bc.push_ordinal, " + Commit.COLUMNS + """
                     from branch_commit bc
                     join commit c on c.repo_id = bc.repo_id and c.sha = bc.sha
                     join repository rp on rp.id = c.repo_id
                    where bc.repo_id = $1 and bc.branch = $2
                      and ($3::timestamptz is null or (bc.seen_at, bc.push_ordinal, bc.sha) < ($3, $4, $5))
                    order by bc.seen_at desc, bc.push_ordinal desc, bc.sha desc
                    limit $6""", params, row -> new CommitEdge(Commit.from(row), Cursor.encode(
                    row.getOffsetDateTime("seen_at").withOffsetSameInstant(ZoneOffset.UTC),
                    row.getInteger("push_ordinal"), row.getString("sha"))));
        }).map(edges -> {
            Page<CommitEdge> page = Page.of(edges, size);
            return new CommitConnection(page.items(), page.pageInfo(CommitEdge::cursor));
        });
    }

    @Query("pullRequest")
    public Uni<PullRequest> pullRequest(@NonNull String repo, int number) {
        return repos.require(repo).chain(r -> sql.one("""
                select p.*, rp.full_name from pull_request p join repository rp on rp.id = p.repo_id
                where p.repo_id = $1 and p.number = $2""", Tuple.of(r.id(), number), PullRequest::from));
    }

    @Description("Every job execution on this commit (all workflows and attempts).")
    public Uni<List<List<Job>>> jobs(@Source List<Commit> commits) {
        return sql.list("select " + Job.COLUMNS + """
                 from job j join unnest($1::bigint[], $2::text[]) as k(repo_id, sha)
                   on j.repo_id = k.repo_id and j.head_sha = k.sha
                order by j.workflow_name, j.name, j.run_attempt, j.id""", keys(commits), Job::from)
                .map(jobs -> group(commits, jobs, j -> j.repoId() + "/" + j.headSha()));
    }

    /** One job name's executions on a commit, merged. */
    @Type("MergedJob")
    public record MergedJob(String name, HudStatus status, Long jobId, int attempts) {
    }

    @Description("The jobs of this commit merged per name (\"<workflow> / <job>\"), sorted by name: what its HUD row"
            + " shows (docs/definitions.md, \"Job on a commit\").")
    public Uni<List<List<MergedJob>>> mergedJobs(@Source List<Commit> commits) {
        return jobs(commits).map(perCommit -> perCommit.stream().map(CommitApi::merged).toList());
    }

    private static List<MergedJob> merged(List<Job> jobs) {
        Map<String, List<JobExecution>> byName = new TreeMap<>();
        jobs.forEach(job -> byName.computeIfAbsent(job.displayName(), name -> new ArrayList<>()).add(job.execution()));
        return byName.entrySet().stream().map(entry -> {
            CommitJob merged = JobExecutionMerge.merge(entry.getValue());
            return new MergedJob(entry.getKey(), HudStatus.of(merged.status()), merged.jobId(), merged.attempts());
        }).toList();
    }

    @Description("The test reports uploaded for this commit.")
    public Uni<List<List<TestReport>>> testReports(@Source List<Commit> commits) {
        return sql.list("select " + TestReport.COLUMNS + """
                 from test_report r join repository rp on rp.id = r.repo_id
                 join unnest($1::bigint[], $2::text[]) as k(repo_id, sha) on r.repo_id = k.repo_id and r.sha = k.sha
                order by r.id""", keys(commits), TestReport::from)
                .map(reports -> group(commits, reports, r -> r.repoId() + "/" + r.sha()));
    }

    @Description("Every commit this pull request has had as its head, force-pushed ones included, oldest first.")
    public Uni<List<List<Commit>>> commits(@Source List<PullRequest> pullRequests) {
        Tuple params = Tuple.of(pullRequests.stream().map(PullRequest::repoId).toArray(Long[]::new),
                pullRequests.stream().map(PullRequest::number).toArray(Integer[]::new));
        return sql.list("select prc.number, " + Commit.COLUMNS + """
                 from pull_request_commit prc
                 join unnest($1::bigint[], $2::int[]) as k(repo_id, number)
                   on prc.repo_id = k.repo_id and prc.number = k.number
                 join commit c on c.repo_id = prc.repo_id and c.sha = prc.sha
                 join repository rp on rp.id = c.repo_id
                order by prc.seen_at, prc.sha""", params,
                row -> Map.entry(row.getLong("repo_id") + "/" + row.getInteger("number"), Commit.from(row)))
                .map(entries -> {
                    Map<String, List<Commit>> byPr = new HashMap<>();
                    entries.forEach(e -> byPr.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
                    return pullRequests.stream().map(p -> byPr.getOrDefault(p.repoId() + "/" + p.number(),
                            List.<Commit>of())).toList();
                });
    }

    private static Tuple keys(List<Commit> commits) {
        return Tuple.of(commits.stream().map(Commit::repoId).toArray(Long[]::new),
                commits.stream().map(Commit::sha).toArray(String[]::new));
    }

    private static <T> List<List<T>> group(List<Commit> commits, List<T> rows,
            java.util.function.Function<T, String> key) {
        Map<String, List<T>> grouped = new HashMap<>();
        rows.forEach(row -> grouped.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row));
        return commits.stream().map(c -> grouped.getOrDefault(c.repoId() + "/" + c.sha(), List.of())).toList();
    }
}
