package dev.greenboard.api.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.page.Page;
import dev.greenboard.api.page.PageSize;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.api.testresult.TestReport;
import dev.greenboard.api.testresult.TestSummary;

@GraphQLApi
public class JobApi {

    private final ReadSql sql;
    private final RepoLookup repos;

    public JobApi(ReadSql sql, RepoLookup repos) {
        this.sql = sql;
        this.repos = repos;
    }

    @Query("job")
    @Description("One job execution by its GitHub id.")
    public Uni<Job> job(@NonNull @Id long id) {
        return sql.one("select " + Job.COLUMNS + " from job j where j.id = $1", Tuple.of(id), Job::from);
    }

    @Query("jobs")
    @Description("Jobs of a repository, newest first.")
    public Uni<JobConnection> jobs(@NonNull String repo, JobFilter filter, Integer first, String after) {
        int size = PageSize.of(first);
        List<String> cursor = Cursor.decode(after, 2);
        JobFilter f = filter == null ? new JobFilter(null, null, null, null, null, null) : filter;
        return repos.require(repo).chain(r -> {
            Tuple params = Tuple.tuple().addLong(r.id())
                    .addValue(f.name() == null ? null : "%" + f.name().toLowerCase() + "%")
                    .addValue(f.status()).addValue(f.conclusion()).addValue(f.branch()).addValue(f.sha())
                    .addValue(f.since() == null ? null : f.since().atOffset(ZoneOffset.UTC))
                    .addValue(cursor == null ? null : OffsetDateTime.parse(cursor.get(0)))
                    .addLong(cursor == null ? Long.MAX_VALUE : Long.parseLong(cursor.get(1)))
                    .addInteger(size + 1);
            return sql.list("select " + Job.COLUMNS + """
                     from job j
                    where j.repo_id = $1
                      and ($2::text is null or lower(coalesce(j.workflow_name || ' / ', '') || j.name) like $2)
                      and ($3::text is null or j.status = $3) and ($4::text is null or j.conclusion = $4)
                      and ($5::text is null or j.head_branch = $5) and ($6::text is null or j.head_sha = $6)
                      and ($7::timestamptz is null or j.created_at >= $7)
                      and ($8::timestamptz is null
                           or (coalesce(j.created_at, '-infinity'), j.id) < ($8, $9))
                    order by coalesce(j.created_at, '-infinity') desc, j.id desc
                    limit $10""", params, Job::from);
        }).map(rows -> {
            Page<Job> page = Page.of(rows, size);
            return new JobConnection(page.items().stream().map(j -> new JobConnection.JobEdge(j, cursorOf(j)))
                    .toList(), page.pageInfo(JobApi::cursorOf));
        });
    }

    private static String cursorOf(Job job) {
        Instant created = job.createdAt() == null ? Instant.parse("-999999999-01-01T00:00:00Z") : job.createdAt();
        return Cursor.encode(created.atOffset(ZoneOffset.UTC), job.id());
    }

    @Query("workflowRun")
    @Description("A workflow run; its latest attempt unless 'attempt' is given.")
    public Uni<WorkflowRun> workflowRun(@NonNull @Id long id, Integer attempt) {
        return sql.one("select " + WorkflowRun.COLUMNS + " from workflow_run where id = $1"
                + " and ($2::int is null or run_attempt = $2) order by run_attempt desc limit 1",
                Tuple.of(id, attempt), WorkflowRun::from);
    }

    @Query("queuedJobs")
    @Description("Jobs waiting for a runner now, per runner label, with the age of the oldest (docs/definitions.md 'Times').")
    public Uni<List<RunnerQueue>> queuedJobs(@NonNull String repo) {
        return repos.require(repo).chain(r -> sql.list("""
                select coalesce(label, '(no label)') as label, count(*) as queued,
                       extract(epoch from now() - min(j.created_at)) as max_age
                from job j left join lateral unnest(j.labels) as label on true
                where j.repo_id = $1 and j.status in ('queued', 'waiting', 'pending', 'requested')
                group by 1 order by max_age desc nulls last, label""", Tuple.of(r.id()),
                row -> new RunnerQueue(row.getString("label"), row.getLong("queued").intValue(),
                        row.getValue("max_age") == null ? 0 : row.getNumeric("max_age").doubleValue())));
    }

    @Description("The job's steps as GitHub reported them.")
    public Uni<List<List<JobStep>>> steps(@Source List<Job> jobs) {
        Long[] ids = jobs.stream().map(Job::id).toArray(Long[]::new);
        return sql.list("select id, steps from job where id = any($1)", Tuple.of(ids), row -> {
            List<JobStep> steps = new ArrayList<>();
            Object raw = row.getValue("steps");
            if (raw instanceof JsonArray array) {
                for (int i = 0; i < array.size(); i++) {
                    JsonObject step = array.getJsonObject(i);
                    steps.add(new JobStep(step.getInteger("number", i + 1), step.getString("name"),
                            step.getString("status"), step.getString("conclusion"),
                            parse(step.getString("started_at")), parse(step.getString("completed_at"))));
                }
            }
            return Map.entry(row.getLong("id"), steps);
        }).map(entries -> {
            Map<Long, List<JobStep>> byId = new HashMap<>();
            entries.forEach(e -> byId.put(e.getKey(), e.getValue()));
            return jobs.stream().map(j -> byId.getOrDefault(j.id(), List.of())).toList();
        });
    }

    @Description("Counts over every test report uploaded for this job.")
    public Uni<List<TestSummary>> testSummary(@Source List<Job> jobs) {
        Long[] ids = jobs.stream().map(Job::id).toArray(Long[]::new);
        return sql.list("""
                select job_id, count(*) as reports, sum(tests) as tests, sum(passed) as passed,
                       sum(failed) as failed, sum(errors) as errors, sum(skipped) as skipped, sum(flaky) as flaky
                from test_report where job_id = any($1) group by job_id""", Tuple.of(ids),
                row -> Map.entry(row.getLong("job_id"), new TestSummary(row.getLong("reports").intValue(),
                        row.getLong("tests").intValue(), row.getLong("passed").intValue(),
                        row.getLong("failed").intValue(), row.getLong("errors").intValue(),
                        row.getLong("skipped").intValue(), row.getLong("flaky").intValue())))
                .map(entries -> {
                    Map<Long, TestSummary> byId = new HashMap<>();
                    entries.forEach(e -> byId.put(e.getKey(), e.getValue()));
                    return jobs.stream().map(j -> byId.getOrDefault(j.id(), TestSummary.NONE)).toList();
                });
    }

    @Description("The test reports uploaded for this job.")
    public Uni<List<List<TestReport>>> testReports(@Source List<Job> jobs) {
        Long[] ids = jobs.stream().map(Job::id).toArray(Long[]::new);
        return sql.list("select " + TestReport.COLUMNS + " from test_report r join repository rp on rp.id = r.repo_id"
                + " where r.job_id = any($1) order by r.id", Tuple.of(ids), TestReport::from)
                .map(reports -> group(jobs, reports, TestReport::jobId));
    }

    @Description("The failed and errored test cases of this job (at most 'first', default 100, per job).")
    public Uni<List<List<dev.greenboard.api.testresult.TestResult>>> failedTests(@Source List<Job> jobs,
            Integer first) {
        int limit = PageSize.of(first, 100, 500);
        Long[] ids = jobs.stream().map(Job::id).toArray(Long[]::new);
        return sql.list("""
                select tr.report_id, tr.ordinal, tr.test_id, tr.status, tr.duration_s, tr.rerun_count, tr.message,
                       tr.failure_text, tr.received_at, r.sha, r.job_id, r.job_name, r.workflow_name, r.branch
                from (select t.*, rr.job_id as jid,
                             row_number() over (partition by rr.job_id order by t.report_id, t.ordinal) as n
                      from test_report rr join test_result t on t.report_id = rr.id
                      where rr.job_id = any($1) and t.status in (1, 2)) tr
                join test_report r on r.id = tr.report_id
                where tr.n <= $2 order by tr.jid, tr.report_id, tr.ordinal""", Tuple.of(ids, limit),
                dev.greenboard.api.testresult.TestResult::from)
                .map(results -> group(jobs, results, dev.greenboard.api.testresult.TestResult::jobId));
    }

    @Name("jobs")
    @Description("The jobs of this run attempt.")
    public Uni<List<List<Job>>> runJobs(@Source List<WorkflowRun> runs) {
        Long[] ids = runs.stream().map(WorkflowRun::id).distinct().toArray(Long[]::new);
        return sql.list("select " + Job.COLUMNS + " from job j where j.run_id = any($1) order by j.name, j.id",
                Tuple.of(ids), Job::from).map(jobsFound -> {
                    Map<String, List<Job>> byRun = new HashMap<>();
                    jobsFound.forEach(j -> byRun.computeIfAbsent(j.runId() + "/" + j.runAttempt(),
                            k -> new ArrayList<>()).add(j));
                    return runs.stream().map(r -> byRun.getOrDefault(r.id() + "/" + r.runAttempt(), List.of()))
                            .toList();
                });
    }

    @Description("The repository of this job, as owner/name.")
    public Uni<List<String>> repository(@Source List<Job> jobs) {
        Long[] ids = jobs.stream().map(Job::repoId).distinct().toArray(Long[]::new);
        return sql.list("select id, full_name from repository where id = any($1)", Tuple.of(ids),
                row -> Map.entry(row.getLong("id"), row.getString("full_name"))).map(entries -> {
                    Map<Long, String> byId = new HashMap<>();
                    entries.forEach(e -> byId.put(e.getKey(), e.getValue()));
                    return jobs.stream().map(j -> byId.get(j.repoId())).toList();
                });
    }

    private static <T> List<List<T>> group(List<Job> jobs, List<T> rows, java.util.function.Function<T, Long> jobId) {
        Map<Long, List<T>> byJob = new HashMap<>();
        rows.forEach(row -> byJob.computeIfAbsent(jobId.apply(row), k -> new ArrayList<>()).add(row));
        return jobs.stream().map(j -> byJob.getOrDefault(j.id(), List.of())).toList();
    }

    private static Instant parse(String time) {
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

}
