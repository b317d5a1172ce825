package dev.greenboard.ingest.githubsync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.greenboard.ingest.githubapi.RateLimitState;
import dev.greenboard.model.commit.CommitRows;

/** The backfills and their cursors in {@code github_backfill} / {@code github_backfill_cursor} (V11). */
final class BackfillStore {

    private static final String COLUMNS = """
            id, repo, since, state, phase, default_branch, pages_fetched, pages_not_modified, commits_stored,
            runs_stored, jobs_stored, pull_requests_stored, runs_total, runs_read, rate_limit_remaining,
            rate_limit_reset, error, created_at, started_at, finished_at, heartbeat_at""";

    /**
     * Where a phase goes on.
     *
     * @param nextUrl the page to read next; null: the phase's first page (or, with {@code done}, nothing)
     * @param windows the runs phase's planned windows (JSON), or null before they are planned
     * @param windowIndex the window being read
     */
    record Cursor(String nextUrl, String windows, int windowIndex, boolean done) {

        static final Cursor START = new Cursor(null, null, 0, false);
    }

    /** What one stored page adds to a backfill's counters. */
    record Progress(long pages, long notModified, long commits, long runs, long jobs, long pullRequests,
            long runsRead) {
    }

    private final DataSource dataSource;

    BackfillStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A new queued backfill, or the repository's active one when there is one (one at a time per repository). */
    Backfill createOrActive(String repo, Instant since) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into github_backfill (repo, since, state) values (?, ?, 'queued')
                    on conflict (lower(repo)) where state in ('queued', 'running') do nothing""")) {
                statement.setString(1, repo);
                CommitRows.setInstant(statement, 2, since);
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement("select " + COLUMNS
                    + " from github_backfill where lower(repo) = lower(?) and state in ('queued', 'running')")) {
                statement.setString(1, repo);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("The backfill of " + repo + " finished as it was created");
                    }
                    return read(rs);
                }
            }
        }
    }

    Optional<Backfill> load(long id) throws SQLException {
        List<Backfill> found = query("select " + COLUMNS + " from github_backfill where id = ?", id);
        return found.stream().findFirst();
    }

    /** The repository's backfills, newest first. */
    List<Backfill> ofRepo(String repo, int limit) throws SQLException {
        return query("select " + COLUMNS + " from github_backfill where lower(repo) = lower(?) order by id desc"
                + " limit ?", repo, limit);
    }

    /** Queued or running backfills, oldest first. */
    List<Backfill> active() throws SQLException {
        return query("select " + COLUMNS + " from github_backfill where state in ('queued', 'running') order by id");
    }

    /**
     * Takes a backfill for this worker: a queued one, one it holds, or one whose worker stopped sending heartbeats
     * (its instance died). False when another live worker has it, or it is no longer active.
     */
    boolean claim(long id, String worker, Duration staleAfter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        update github_backfill set state = 'running', worker = ?, heartbeat_at = now(),
                            started_at = coalesce(started_at, now())
                        where id = ? and state in ('queued', 'running')
                          and (worker is null or worker = ? or heartbeat_at < now() - ?::interval)""")) {
            statement.setString(1, worker);
            statement.setLong(2, id);
            statement.setString(3, worker);
            statement.setString(4, staleAfter.toSeconds() + " seconds");
            return statement.executeUpdate() == 1;
        }
    }

    Cursor cursor(long id, String phase) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select next_url, windows::text, window_index, done from github_backfill_cursor"
                                + " where backfill_id = ? and phase = ?")) {
            statement.setLong(1, id);
            statement.setString(2, phase);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                        ? new Cursor(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4))
                        : Cursor.START;
            }
        }
    }

    /** After a page was stored: its counters and the phase's cursor, in one transaction, with a heartbeat. */
    void advance(long id, String phase, Cursor cursor, Progress progress, RateLimitState rateLimit)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement statement = connection.prepareStatement("""
                        update github_backfill set pages_fetched = pages_fetched + ?,
                            pages_not_modified = pages_not_modified + ?, commits_stored = commits_stored + ?,
                            runs_stored = runs_stored + ?, jobs_stored = jobs_stored + ?,
                            pull_requests_stored = pull_requests_stored + ?, runs_read = runs_read + ?,
                            rate_limit_remaining = coalesce(?, rate_limit_remaining),
                            rate_limit_reset = coalesce(?, rate_limit_reset), heartbeat_at = now()
                        where id = ?""")) {
                    statement.setLong(1, progress.pages());
                    statement.setLong(2, progress.notModified());
                    statement.setLong(3, progress.commits());
                    statement.setLong(4, progress.runs());
                    statement.setLong(5, progress.jobs());
                    statement.setLong(6, progress.pullRequests());
                    statement.setLong(7, progress.runsRead());
                    if (rateLimit == null) {
                        statement.setNull(8, Types.BIGINT);
                    } else {
                        statement.setLong(8, rateLimit.remaining());
                    }
                    CommitRows.setInstant(statement, 9, rateLimit == null ? null : rateLimit.reset());
                    statement.setLong(10, id);
                    statement.executeUpdate();
                }
                saveCursor(connection, id, phase, cursor);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void saveCursor(Connection connection, long id, String phase, Cursor cursor) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into github_backfill_cursor (backfill_id, phase, next_url, windows, window_index, done)
                values (?, ?, ?, ?::jsonb, ?, ?)
                on conflict (backfill_id, phase) do update set next_url = excluded.next_url,
                    windows = excluded.windows, window_index = excluded.window_index, done = excluded.done""")) {
            statement.setLong(1, id);
            statement.setString(2, phase);
            statement.setString(3, cursor.nextUrl());
            statement.setString(4, cursor.windows());
            statement.setInt(5, cursor.windowIndex());
            statement.setBoolean(6, cursor.done());
            statement.executeUpdate();
        }
    }

    /** The runs phase planned its windows: GitHub's count of the runs since the date. */
    void planned(long id, Cursor cursor, long runsTotal) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection
                    .prepareStatement("update github_backfill set runs_total = ?, heartbeat_at = now() where id = ?")) {
                statement.setLong(1, runsTotal);
                statement.setLong(2, id);
                statement.executeUpdate();
                saveCursor(connection, id, "runs", cursor);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    void phase(long id, String phase, String defaultBranch) throws SQLException {
        update("update github_backfill set phase = ?, default_branch = coalesce(?, default_branch),"
                + " heartbeat_at = now() where id = ?", phase, defaultBranch, id);
    }

    void done(long id) throws SQLException {
        update("update github_backfill set state = 'done', phase = 'done', finished_at = now(), heartbeat_at = now()"
                + " where id = ?", id);
    }

    void failed(long id, String error) throws SQLException {
        update("update github_backfill set state = 'failed', error = ?, finished_at = now(), heartbeat_at = now()"
                + " where id = ?", error, id);
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
    }

    private List<Backfill> query(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            List<Backfill> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else if (value instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else {
                statement.setString(i + 1, value.toString());
            }
        }
    }

    private static Backfill read(ResultSet rs) throws SQLException {
        return new Backfill(rs.getLong("id"), rs.getString("repo"), instant(rs, "since"), rs.getString("state"),
                rs.getString("phase"), rs.getString("default_branch"), rs.getLong("pages_fetched"),
                rs.getLong("pages_not_modified"), rs.getLong("commits_stored"), rs.getLong("runs_stored"),
                rs.getLong("jobs_stored"), rs.getLong("pull_requests_stored"),
                (Long) rs.getObject("runs_total", Long.class), rs.getLong("runs_read"),
                (Long) rs.getObject("rate_limit_remaining", Long.class), instant(rs, "rate_limit_reset"),
                rs.getString("error"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), instant(rs, "heartbeat_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

}
