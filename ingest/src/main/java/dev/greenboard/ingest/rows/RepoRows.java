package dev.greenboard.ingest.rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Writes repository rows: a repository appears on its first event or report, nothing needs setting up first. */
public final class RepoRows {

    private RepoRows() {
    }

    /**
     * The id of repository {@code fullName}, creating it when new. What GitHub tells about it (id, default branch,
     * URL) fills in or updates the row; a report, which knows only the name, changes nothing.
     */
    public static long ensure(Connection connection, String fullName, Long githubId, String defaultBranch,
            String htmlUrl) throws SQLException {
        // Read first: an upsert would lock the row for the whole transaction and serialize every concurrent
        // delivery and upload of the repository on it.
        try (PreparedStatement statement = connection.prepareStatement(
                "select id, github_id, default_branch, html_url from repository where full_name = ?")) {
            statement.setString(1, fullName);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next() && (githubId == null || githubId.equals(rs.getObject(2, Long.class)))
                        && (defaultBranch == null || defaultBranch.equals(rs.getString(3)))
                        && (htmlUrl == null || htmlUrl.equals(rs.getString(4)))) {
                    return rs.getLong(1);
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
                returning id""")) {
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
                return rs.getLong(1);
            }
        }
    }

    /** Whether {@code name} is of the form {@code owner/name} with no empty part. */
    public static boolean isValidFullName(String name) {
        return name != null && name.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    }
}
