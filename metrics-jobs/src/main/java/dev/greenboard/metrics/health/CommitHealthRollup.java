package dev.greenboard.metrics.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.health.CommitHealthClassifier.CommitHealth;
import dev.greenboard.metrics.rollup.ChangeWindow;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;
import dev.greenboard.model.ci.JobExecution;
import dev.greenboard.model.settings.RepositorySettingsService;

/**
 * Classifies every commit of every branch as green, flaky, broken, pending or none over the repository's blocking
 * workflows ({@code commit_health}). A run reclassifies the commits whose jobs changed, and the commits newly placed
 * on a branch, since the last run; a full run reclassifies all of them.
 */
@ApplicationScoped
public class CommitHealthRollup implements Rollup {

    private static final int BATCH = 1000;

    private final RepositorySettingsService settings;

    public CommitHealthRollup(RepositorySettingsService settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "commit-health";
    }

    @Override
    public String description() {
        return "Classifies each branch commit as green, flaky, broken, pending or none over its blocking workflows";
    }

    @Override
    public String defaultSchedule() {
        return "0 0/5 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        ChangeWindow window = ChangeWindow.open(context);
        createWorkTables(connection);
        int commits = collectTargets(connection, window);
        int repos = 0;
        for (Map.Entry<Long, String> repo : targetRepos(connection).entrySet()) {
            classify(connection, repo.getKey(), settings.readBlocking(repo.getKey()).blockingWorkflows().value());
            repos++;
        }
        long rows = save(connection);
        if (window.full()) {
            rows += deleteOrphans(connection);
        }
        window.close(context);
        return RollupOutcome.of(rows, (window.full() ? "full run: " : "") + "classified commits[" + commits
                + "] repositories[" + repos + "] rows written[" + rows + "]");
    }

    private static void createWorkTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table health_target (repo_id bigint, sha text, primary key (repo_id, sha))
                        on commit drop""");
            statement.execute("""
                    create temporary table health_result (repo_id bigint, sha text, state text, jobs int,
                        broken_jobs int, flaky_jobs int, pending_jobs int) on commit drop""");
        }
    }

    /**
     * The commits to classify: those on a branch whose jobs or branch places were written in the window, and every
     * commit of a repository whose settings (blocking workflows) were edited in it.
     */
    private static int collectTargets(Connection connection, ChangeWindow window) throws SQLException {
        if (window.full()) {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate(
                        "insert into health_target select distinct repo_id, sha from branch_commit");
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into health_target
                select j.repo_id, j.head_sha from job j
                 where j.updated_at > ? and j.updated_at <= ?
                   and exists (select 1 from branch_commit bc where bc.repo_id = j.repo_id and bc.sha = j.head_sha)
                union
                select bc.repo_id, bc.sha from branch_commit bc where bc.recorded_at > ? and bc.recorded_at <= ?
                union
                select bc.repo_id, bc.sha from branch_commit bc
                  join repository_settings s on s.repo_id = bc.repo_id
                 where s.updated_at > ? and s.updated_at <= ?""")) {
            window.bind(statement, window.bind(statement, window.bind(statement, 1)));
            return statement.executeUpdate();
        }
    }

    private static Map<Long, String> targetRepos(Connection connection) throws SQLException {
        Map<Long, String> repos = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        select r.id, r.full_name from repository r
                         where r.id in (select repo_id from health_target) order by r.id""")) {
            while (rs.next()) {
                repos.put(rs.getLong(1), rs.getString(2));
            }
        }
        return repos;
    }

    /**
     * Reads the blocking jobs of the repository's target commits, one commit after the other, and writes each
     * commit's classification to {@code health_result}. A commit with no blocking job is classified too (none).
     */
    private static void classify(Connection connection, long repoId, List<String> blockingWorkflows)
            throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("""
                select t.sha, j.id, j.name, j.workflow_name, j.run_attempt, j.created_at, j.status, j.conclusion
                  from health_target t
                  left join job j on j.repo_id = t.repo_id and j.head_sha = t.sha
                                 and (cardinality(?::text[]) = 0 or j.workflow_name = any(?::text[]))
                 where t.repo_id = ?
                 order by t.sha""");
                PreparedStatement write = connection.prepareStatement(
                        "insert into health_result values (?, ?, ?, ?, ?, ?, ?)")) {
            String[] workflows = blockingWorkflows.toArray(String[]::new);
            read.setArray(1, connection.createArrayOf("text", workflows));
            read.setArray(2, connection.createArrayOf("text", workflows));
            read.setLong(3, repoId);
            read.setFetchSize(10_000);
            int batched = 0;
            try (ResultSet rs = read.executeQuery()) {
                String sha = null;
                Map<String, List<JobExecution>> byJob = new LinkedHashMap<>();
                while (rs.next()) {
                    String rowSha = rs.getString("sha");
                    if (sha != null && !sha.equals(rowSha)) {
                        batched = add(write, repoId, sha, byJob, batched);
                        byJob = new LinkedHashMap<>();
                    }
                    sha = rowSha;
                    long jobId = rs.getLong("id");
                    if (!rs.wasNull()) {
                        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
                        byJob.computeIfAbsent(displayName(rs.getString("workflow_name"), rs.getString("name")),
                                name -> new ArrayList<>()).add(
                                        new JobExecution(jobId, rs.getInt("run_attempt"),
                                                created == null ? null : created.toInstant(), rs.getString("status"),
                                                rs.getString("conclusion")));
                    }
                }
                if (sha != null) {
                    batched = add(write, repoId, sha, byJob, batched);
                }
            }
            if (batched > 0) {
                write.executeBatch();
            }
        }
    }

    private static int add(PreparedStatement write, long repoId, String sha, Map<String, List<JobExecution>> byJob,
            int batched) throws SQLException {
        CommitHealth health = CommitHealthClassifier.classify(byJob.values());
        write.setLong(1, repoId);
        write.setString(2, sha);
        write.setString(3, health.state().dbValue());
        write.setInt(4, health.jobs());
        write.setInt(5, health.brokenJobs());
        write.setInt(6, health.flakyJobs());
        write.setInt(7, health.pendingJobs());
        write.addBatch();
        if (batched + 1 >= BATCH) {
            write.executeBatch();
            return 0;
        }
        return batched + 1;
    }

    /** The column name the HUD shows: {@code "<workflow> / <job>"} (as the gateway's Job.displayName). */
    static String displayName(String workflow, String name) {
        return workflow == null || workflow.isBlank() ? name : workflow + " / " + name;
    }

    /** Writes the classifications to every branch place of their commits; unchanged rows are not touched. */
    private static long save(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("""
                    insert into commit_health (repo_id, branch, sha, seen_at, state, jobs, broken_jobs, flaky_jobs,
                                               pending_jobs)
                    select bc.repo_id, bc.branch, bc.sha, bc.seen_at, r.state, r.jobs, r.broken_jobs, r.flaky_jobs,
                           r.pending_jobs
                      from health_result r join branch_commit bc on bc.repo_id = r.repo_id and bc.sha = r.sha
                    on conflict (repo_id, branch, sha) do update set
                        seen_at = excluded.seen_at, state = excluded.state, jobs = excluded.jobs,
                        broken_jobs = excluded.broken_jobs, flaky_jobs = excluded.flaky_jobs,
                        pending_jobs = excluded.pending_jobs, changed_at = now()
                    where (commit_health.seen_at, commit_health.state, commit_health.jobs, commit_health.broken_jobs,
                           commit_health.flaky_jobs, commit_health.pending_jobs)
                          is distinct from
                          (excluded.seen_at, excluded.state, excluded.jobs, excluded.broken_jobs, excluded.flaky_jobs,
                           excluded.pending_jobs)""");
        }
    }

    /** Rows whose commit is no longer on the branch (only a full run looks for them). */
    private static long deleteOrphans(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("""
                    delete from commit_health h
                     where not exists (select 1 from branch_commit bc
                                        where bc.repo_id = h.repo_id and bc.branch = h.branch and bc.sha = h.sha)""");
        }
    }
}
