package dev.greenboard.ingest.githubsync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;

import dev.greenboard.ingest.githubapi.GitHubApiClient;
import dev.greenboard.ingest.githubapi.GitHubApiConfig;
import dev.greenboard.ingest.githubapi.GitHubApiException;
import dev.greenboard.ingest.githubapi.HookDelivery;
import dev.greenboard.ingest.githubapi.Page;
import dev.greenboard.ingest.githubapi.RepoRef;
import dev.greenboard.model.commit.CommitRows;

/**
 * One run of the healing reconciler: (a) jobs and runs stored as queued or in progress whose last change is older
 * than {@code greenboard.github.heal-after} are read again from the API, (b) so are the runs (with their jobs) of the
 * default branch's recent commits, which finds runs whose every webhook was lost, and (c) with
 * {@code GREENBOARD_GITHUB_HOOK_ID}, the hook's failed deliveries that Greenboard never stored are redelivered. What
 * the API answers is stored through the webhook normalizer, so an answer older than what is stored changes nothing.
 * A run holds a PostgreSQL advisory lock: with several instances, one heals and the others skip.
 */
public final class GitHubHealer {

    /** The advisory lock of a heal run ("gbheal"). */
    static final long LOCK_KEY = 0x6762_6865_616cL;

    private static final Logger LOG = Logger.getLogger(GitHubHealer.class);

    /** What one run did; {@code ran} is false when another instance held the lock. */
    public record Report(boolean ran, long healedJobs, long healedRuns, long redeliveriesAsked, String error) {
    }

    /** The reconciler's counters since the database was created ({@code github_heal_state}). */
    public record State(long runs, long healedJobs, long healedRuns, long redeliveriesAsked, Instant lastStartedAt,
            Instant lastFinishedAt, String lastError) {
    }

    private final GitHubApiClient client;
    private final GitHubApiConfig config;
    private final DataSource dataSource;
    private final SyncWriter writer;
    private final MeterRegistry meters;
    private final Clock clock;

    GitHubHealer(GitHubApiClient client, GitHubApiConfig config, DataSource dataSource, SyncWriter writer,
            MeterRegistry meters, Clock clock) {
        this.client = client;
        this.config = config;
        this.dataSource = dataSource;
        this.writer = writer;
        this.meters = meters;
        this.clock = clock;
    }

    /** Runs once, unless another instance is healing right now. */
    public Report healOnce() throws SQLException {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try {
                if (!tryLock(lock)) {
                    lock.rollback();
                    return new Report(false, 0, 0, 0, null);
                }
                Instant started = clock.instant();
                Counts counts = new Counts();
                String error = null;
                try {
                    stuck(counts);
                    recentCommits(counts);
                    deliveries(counts);
                } catch (GitHubApiException | SQLException e) {
                    error = e.getMessage();
                    LOG.warnf("Healing stopped early: %s", error);
                }
                record(lock, started, counts, error);
                lock.commit();
                meters.counter("greenboard.github.heal.jobs").increment(counts.jobs);
                meters.counter("greenboard.github.heal.runs").increment(counts.runs);
                meters.counter("greenboard.github.heal.redeliveries").increment(counts.redeliveries);
                if (counts.jobs + counts.runs + counts.redeliveries > 0) {
                    LOG.infof("Healing: [%d] jobs and [%d] runs healed, [%d] redeliveries asked", counts.jobs,
                            counts.runs, counts.redeliveries);
                }
                return new Report(true, counts.jobs, counts.runs, counts.redeliveries, error);
            } catch (SQLException | RuntimeException e) {
                lock.rollback();
                throw e;
            }
        }
    }

    public State state() throws SQLException {
        return state(dataSource);
    }

    static State state(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        select runs, healed_jobs, healed_runs, redeliveries_asked, last_started_at, last_finished_at,
                            last_error from github_heal_state where id = 1""");
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return new State(0, 0, 0, 0, null, null, null);
            }
            return new State(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), instant(rs, 5),
                    instant(rs, 6), rs.getString(7));
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static final class Counts {

        long jobs;
        long runs;
        long redeliveries;
        int objects;
    }

    /** A stuck job or run: its repository and GitHub id. */
    private record Stuck(String repo, long id) {
    }

    private void stuck(Counts counts) throws SQLException {
        Instant before = clock.instant().minus(config.healAfter());
        int max = config.healMaxObjects();
        Map<String, JsonNode> repositories = new HashMap<>();
        for (Stuck job : query("""
                select r.full_name, j.id from job j join repository r on r.id = j.repo_id
                where j.status <> 'completed' and j.updated_at < ? order by j.updated_at limit ?""", before, max)) {
            if (counts.objects++ >= max) {
                return;
            }
            RepoRef repo = RepoRef.parse(job.repo());
            JsonNode fresh;
            try {
                fresh = client.job(repo, job.id());
            } catch (GitHubApiException e) {
                if (e.isNotFound()) {
                    continue;
                }
                throw e;
            }
            try {
                if (storeJob(fresh, repository(repositories, repo))) {
                    counts.jobs++;
                }
            } catch (GitHubApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        for (Stuck run : query("""
                select r.full_name, w.id from workflow_run w join repository r on r.id = w.repo_id
                where w.status <> 'completed' and coalesce(w.updated_at, w.created_at) < ?
                group by r.full_name, w.id order by min(coalesce(w.updated_at, w.created_at)) limit ?""", before,
                max)) {
            if (counts.objects++ >= max) {
                return;
            }
            RepoRef repo = RepoRef.parse(run.repo());
            JsonNode fresh;
            try {
                fresh = client.workflowRun(repo, run.id());
            } catch (GitHubApiException e) {
                if (e.isNotFound()) {
                    continue;
                }
                throw e;
            }
            try {
                healRun(repo, fresh, repository(repositories, repo), counts);
            } catch (GitHubApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
    }

    /** The runs of the default branch's recent commits, each with its jobs when the run changed. */
    private void recentCommits(Counts counts) throws SQLException {
        Instant since = clock.instant().minus(config.healRecentCommits());
        Map<String, JsonNode> repositories = new HashMap<>();
        List<String[]> commits = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        select r.full_name, b.sha from branch_commit b
                        join repository_default_branch d on d.repo_id = b.repo_id and d.default_branch = b.branch
                        join repository r on r.id = b.repo_id
                        where b.seen_at >= ? order by b.seen_at desc limit ?""")) {
            CommitRows.setInstant(statement, 1, since);
            statement.setInt(2, config.healMaxObjects());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    commits.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
        }
        for (String[] commit : commits) {
            if (counts.objects++ >= config.healMaxObjects()) {
                return;
            }
            RepoRef repo = RepoRef.parse(commit[0]);
            try {
                JsonNode repository = repository(repositories, repo);
                for (Page page : client.workflowRunsOfCommit(repo, commit[1])) {
                    for (JsonNode run : page.items()) {
                        healRun(repo, run, repository, counts);
                    }
                }
            } catch (GitHubApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                // The repository or commit is gone (or renamed away from the token's reach): nothing to heal.
            }
        }
    }

    private void healRun(RepoRef repo, JsonNode run, JsonNode repository, Counts counts) throws SQLException {
        long runId = run.path("id").asLong();
        int attempt = run.path("run_attempt").asInt(1);
        String before = runState(runId, attempt);
        boolean runChanged = false;
        if (writer.store(SyncPayloads.workflowRun(run, repository))) {
            runChanged = !Objects.equals(before, runState(runId, attempt));
            if (runChanged) {
                counts.runs++;
            }
        }
        if (!runChanged && before != null && jobsKnown(runId) && "completed".equals(run.path("status").asText())
                && !hasUnfinishedJobs(runId)) {
            // Nothing new about this run and all its jobs are final: its jobs cost no request.
            return;
        }
        for (Page page : client.workflowRunJobs(repo, runId)) {
            for (JsonNode job : page.items()) {
                if (storeJob(job, repository)) {
                    counts.jobs++;
                }
            }
        }
    }

    /** Stores a job read from the API; true when its stored status or conclusion changed (it was healed). */
    private boolean storeJob(JsonNode job, JsonNode repository) throws SQLException {
        long id = job.path("id").asLong();
        String before = jobState(id);
        if (!writer.store(SyncPayloads.workflowJob(job, repository))) {
            return false;
        }
        return !Objects.equals(before, jobState(id));
    }

    private void deliveries(Counts counts) throws SQLException {
        if (config.hookId().isEmpty()) {
            return;
        }
        RepoRef repo = hookRepo();
        if (repo == null) {
            LOG.warnf("GREENBOARD_GITHUB_HOOK_ID is set but the hook's repository is not known: set"
                    + " GREENBOARD_GITHUB_HOOK_REPO=owner/name");
            return;
        }
        long hookId = config.hookId().getAsLong();
        Instant since = clock.instant().minus(config.healDeliveriesSince());
        // Every attempt of a delivery carries its guid; one that any attempt delivered needs nothing.
        Map<String, List<HookDelivery>> byGuid = new LinkedHashMap<>();
        for (Page page : client.hookDeliveries(repo, hookId, since)) {
            for (JsonNode item : page.items()) {
                HookDelivery delivery = HookDelivery.of(item);
                if (delivery.guid() != null) {
                    byGuid.computeIfAbsent(delivery.guid(), guid -> new ArrayList<>()).add(delivery);
                }
            }
        }
        for (Map.Entry<String, List<HookDelivery>> entry : byGuid.entrySet()) {
            List<HookDelivery> attempts = entry.getValue();
            if (attempts.stream().anyMatch(attempt -> !attempt.failed()) || stored(entry.getKey())) {
                continue;
            }
            if (counts.redeliveries >= config.healMaxObjects()) {
                return;
            }
            // The listing is newest first: ask for the latest attempt again.
            client.redeliver(repo, hookId, attempts.get(0).id());
            counts.redeliveries++;
        }
    }

    private RepoRef hookRepo() throws SQLException {
        if (config.hookRepo().filter(name -> !name.isBlank()).isPresent()) {
            return RepoRef.parse(config.hookRepo().get().strip());
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select full_name from repository order by id limit 2");
                ResultSet rs = statement.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names.size() == 1 ? RepoRef.parse(names.get(0)) : null;
        }
    }

    private boolean stored(String guid) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection
                        .prepareStatement("select 1 from webhook_delivery_key where delivery_id = ?")) {
            statement.setString(1, guid);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private JsonNode repository(Map<String, JsonNode> cache, RepoRef repo) {
        return cache.computeIfAbsent(repo.fullName(), name -> client.repository(repo).json());
    }

    private String jobState(long id) throws SQLException {
        return text("select status || '/' || coalesce(conclusion, '') from job where id = ?", id, null);
    }

    private String runState(long id, int attempt) throws SQLException {
        return text("select status || '/' || coalesce(conclusion, '') from workflow_run where id = ? and"
                + " run_attempt = ?", id, attempt);
    }

    private boolean jobsKnown(long runId) throws SQLException {
        return text("select 'x' from job where run_id = ? limit 1", runId, null) != null;
    }

    private boolean hasUnfinishedJobs(long runId) throws SQLException {
        return text("select 'x' from job where run_id = ? and status <> 'completed' limit 1", runId, null) != null;
    }

    private String text(String sql, long id, Integer attempt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            if (attempt != null) {
                statement.setInt(2, attempt);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private List<Stuck> query(String sql, Instant before, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            CommitRows.setInstant(statement, 1, before);
            statement.setInt(2, limit);
            List<Stuck> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Stuck(rs.getString(1), rs.getLong(2)));
                }
            }
            return rows;
        }
    }

    private static void record(Connection connection, Instant started, Counts counts, String error)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                update github_heal_state set runs = runs + 1, healed_jobs = healed_jobs + ?,
                    healed_runs = healed_runs + ?, redeliveries_asked = redeliveries_asked + ?,
                    last_started_at = ?, last_finished_at = now(), last_error = ?
                where id = 1""")) {
            statement.setLong(1, counts.jobs);
            statement.setLong(2, counts.runs);
            statement.setLong(3, counts.redeliveries);
            CommitRows.setInstant(statement, 4, started);
            statement.setString(5, error);
            statement.executeUpdate();
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
