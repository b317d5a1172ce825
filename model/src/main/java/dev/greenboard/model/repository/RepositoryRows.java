package dev.greenboard.model.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Repository rows over JDBC: a repository appears on its first event or report, nothing needs setting up first. Which
 * repository a name means is decided in one place, the database function {@code repository_id(name)} (migration V6),
 * which every module's lookups call.
 */
public final class RepositoryRows {

    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    private static final String ID_OF = "select repository_id(?)";

    private RepositoryRows() {
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
    public static RepositoryRow ensureRow(Connection connection, String fullName, Long githubId, String defaultBranch,
            String htmlUrl) throws SQLException {
        // Read first: an upsert would lock the row for the rest of the transaction.
        try (PreparedStatement statement = connection.prepareStatement(
                "select id, github_id, default_branch, html_url from repository where id = repository_id(?)")) {
            statement.setString(1, fullName);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    RepositoryRow stored = read(rs);
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

    private static RepositoryRow read(ResultSet rs) throws SQLException {
        return new RepositoryRow(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4));
    }

    /** The id of the repository that {@code fullName} names, if Greenboard has one. */
    public static OptionalLong idOf(Connection connection, String fullName) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ID_OF)) {
            statement.setString(1, fullName);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
            }
        }
    }

    /** Whether {@code name} is of the form {@code owner/name} with no empty part. */
    public static boolean isValidFullName(String name) {
        return name != null && FULL_NAME.matcher(name).matches();
    }
}
