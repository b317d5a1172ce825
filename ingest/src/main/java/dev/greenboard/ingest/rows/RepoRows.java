package dev.greenboard.ingest.rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.regex.Pattern;

/** Writes repository rows: a repository appears on its first event or report, nothing needs setting up first. */
public final class RepoRows {

    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    /** A repository row as stored: its id and what GitHub last told about it. */
    public record Repo(long id, Long githubId, String defaultBranch, String htmlUrl) {

        /** Whether storing these facts would change nothing; a {@code null} fact is "not known", never a change. */
        public boolean holds(Long githubId, String defaultBranch, String htmlUrl) {
            return (githubId == null || githubId.equals(this.githubId))
                    && (defaultBranch == null || defaultBranch.equals(this.defaultBranch))
                    && (htmlUrl == null || htmlUrl.equals(this.htmlUrl));
        }
    }

    private RepoRows() {
    }

    /**
     * The id of repository {@code fullName}, creating it when new. What GitHub tells about it (id, default branch,
     * URL) fills in or updates the row; a report, which knows only the name, changes nothing.
     */
    public static long ensure(Connection connection, String fullName, Long githubId, String defaultBranch,
            String htmlUrl) throws SQLException {
        return ensureRow(connection, fullName, githubId, defaultBranch, htmlUrl).id();
    }

    /** Like {@link #ensure}, returning the row as it is after the call. */
    public static Repo ensureRow(Connection connection, String fullName, Long githubId, String defaultBranch,
            String htmlUrl) throws SQLException {
        // Read first: an upsert would lock the row for the rest of the transaction.
        try (PreparedStatement statement = connection.prepareStatement(
                "select id, github_id, default_branch, html_url from repository where full_name = ?")) {
            statement.setString(1, fullName);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    Repo stored = read(rs);
                    if (stored.holds(githubId, defaultBranch, htmlUrl)) {
                        return stored;
                    }
                }
            }
        }
        int slash = fullName.indexOf('/');
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into repository (full_name, owner, name, github_id, default_branch, html_url)
                values (?, ?, ?, ?, coalesce(?, 'main'), ?)
                on conflict (full_name) do update set
                    github_id = coalesce(excluded.github_id, repository.github_id),
                    default_branch = case when ? then excluded.default_branch else repository.default_branch end,
                    html_url = coalesce(excluded.html_url, repository.html_url)
                returning id, github_id, default_branch, html_url""")) {
            statement.setString(1, fullName);
            statement.setString(2, fullName.substring(0, slash));
            statement.setString(3, fullName.substring(slash + 1));
            if (githubId == null) {
                statement.setNull(4, Types.BIGINT);
            } else {
                statement.setLong(4, githubId);
            }
            statement.setString(5, defaultBranch);
            statement.setString(6, htmlUrl);
            statement.setBoolean(7, defaultBranch != null);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    private static Repo read(ResultSet rs) throws SQLException {
        return new Repo(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4));
    }

    /** Whether {@code name} is of the form {@code owner/name} with no empty part. */
    public static boolean isValidFullName(String name) {
        return name != null && FULL_NAME.matcher(name).matches();
    }
}
