package dev.greenboard.model.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Repository rows over JDBC: a repository appears on its first event or report, nothing needs setting up first.
 * <p>
 * GitHub identifies a repository by its id, not its name: a rename or a transfer keeps the id and changes
 * {@code owner/name}, and GitHub treats names without regard to letter case. So a delivery finds its repository by
 * {@code repository.id} and renames it when the name differs; every name a repository has had stays findable
 * ({@code repository_name}, migration V8). Which repository a name means is decided in one place, the database
 * function {@code repository_id(name)}, which every module's lookups call: the repository whose current or former
 * name it is, in any letter case.
 * <p>
 * A report knows only a name. A name Greenboard has seen finds its repository; any other name makes a new repository,
 * which the first delivery that names it with a GitHub id then adopts. A name GitHub has since given to another
 * repository belongs to that one: its former holder keeps its data under {@code owner/name~id} until a delivery of
 * its own tells its new name (docs/ingest.md "Repositories").
 */
public final class RepositoryRows {

    /** GitHub's limits: owners of up to 39 characters, repositories of up to 100; a little room for other hosts. */
    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");

    /** Longest name a lookup takes: a valid name with the {@code ~id} of a repository that lost its name. */
    private static final int MAX_LOOKUP_CHARS = 256;

    /** Class id of the advisory locks on names (the two-key form, apart from every one-key lock). */
    private static final int NAME_LOCK_CLASS = 0x7265_706f; // "repo"

    private static final String COLUMNS = "id, full_name, github_id, default_branch, html_url, named_at";

    private RepositoryRows() {
    }

    /**
     * The id of repository {@code fullName} as a report names it, creating it when new; an existing repository is
     * only read. Inside the caller's transaction: a report that is refused leaves no repository behind.
     */
    public static long ensure(Connection connection, String fullName) throws SQLException {
        return ensureRow(connection, RepositoryFacts.named(fullName)).id();
    }

    /**
     * The repository these facts are about, created, adopted or renamed as they say, inside the caller's transaction
     * (which must not be in auto-commit mode: the name's lock lasts until it ends). With a GitHub id, the repository
     * with that id, renamed when the name differs and the delivery is not older than its current name; else the one
     * the name means; else a new one. A concurrent creation of the same GitHub id under another name fails with a
     * unique violation (23505) that is worth running the transaction again for.
     */
    public static RepositoryRow ensureRow(Connection connection, RepositoryFacts facts) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("repository rows are written inside a transaction, not in auto-commit");
        }
        if (!isValidFullName(facts.fullName())) {
            throw new IllegalArgumentException("Repository name[" + facts.fullName() + "] is not owner/name");
        }
        RepositoryRow found = find(connection, facts);
        if (found != null && (facts.githubId() == null || found.holds(facts))) {
            return found;
        }
        // Creating, adopting or renaming: one writer per name at a time, and what the others did is read again.
        lockName(connection, facts.fullName());
        found = find(connection, facts);
        if (found == null) {
            return insert(connection, facts);
        }
        if (facts.githubId() == null || found.holds(facts)) {
            return found;
        }
        return update(connection, found, facts);
    }

    /**
     * The repository the facts mean: the one with their GitHub id, else the one their name means unless GitHub
     * identified it as another repository (then the name changed hands, and null says a new repository is due).
     */
    private static RepositoryRow find(Connection connection, RepositoryFacts facts) throws SQLException {
        if (facts.githubId() != null) {
            RepositoryRow byId = one(connection, "select " + COLUMNS + " from repository where github_id = ?",
                    facts.githubId());
            if (byId != null) {
                return byId;
            }
        }
        RepositoryRow byName = one(connection,
                "select " + COLUMNS + " from repository where id = repository_id(?)", facts.fullName());
        if (byName != null && facts.githubId() != null && byName.githubId() != null) {
            return null;
        }
        return byName;
    }

    private static RepositoryRow insert(Connection connection, RepositoryFacts facts) throws SQLException {
        retireHolder(connection, facts.fullName(), -1);
        int slash = facts.fullName().indexOf('/');
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into repository (full_name, owner, name, github_id, default_branch, html_url, named_at)
                values (?, ?, ?, ?, coalesce(?, 'main'), ?, ?)
                on conflict (full_name) do nothing
                returning\s""" + COLUMNS)) {
            statement.setString(1, facts.fullName());
            statement.setString(2, facts.fullName().substring(0, slash));
            statement.setString(3, facts.fullName().substring(slash + 1));
            setLong(statement, 4, facts.githubId());
            statement.setString(5, facts.defaultBranch());
            statement.setString(6, facts.htmlUrl());
            setInstant(statement, 7, facts.namedAt());
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    return read(rs);
                }
            }
        }
        // The exact name is held by a row whose name was not recorded (written by an older version of Greenboard).
        RepositoryRow holder = one(connection, "select " + COLUMNS + " from repository where full_name = ?",
                facts.fullName());
        if (holder == null) {
            throw new SQLException("Repository[" + facts.fullName() + "] was neither inserted nor found");
        }
        return holder;
    }

    /**
     * What GitHub says about a repository Greenboard knows: its id (adopting a repository known from reports), a new
     * name (a rename, a transfer or a change of letter case), its default branch and URL.
     */
    private static RepositoryRow update(Connection connection, RepositoryRow row, RepositoryFacts facts)
            throws SQLException {
        boolean rename = row.renamedBy(facts.fullName(), facts.namedAt());
        // A late delivery in the old name still says the truth about the id and the branch, but not about the URL.
        boolean current = rename || row.fullName().equals(facts.fullName());
        if (rename) {
            retireHolder(connection, facts.fullName(), row.id());
        }
        int slash = facts.fullName().indexOf('/');
        try (PreparedStatement statement = connection.prepareStatement("""
                update repository set
                    github_id = coalesce(?, github_id),
                    default_branch = coalesce(?, default_branch),
                    html_url = case when ? then coalesce(?, html_url) else html_url end,
                    full_name = case when ? then ? else full_name end,
                    owner = case when ? then ? else owner end,
                    name = case when ? then ? else name end,
                    named_at = case when ? then coalesce(?, named_at) else named_at end
                where id = ?
                returning\s""" + COLUMNS)) {
            setLong(statement, 1, facts.githubId());
            statement.setString(2, facts.defaultBranch());
            statement.setBoolean(3, current);
            statement.setString(4, facts.htmlUrl());
            statement.setBoolean(5, rename);
            statement.setString(6, facts.fullName());
            statement.setBoolean(7, rename);
            statement.setString(8, facts.fullName().substring(0, slash));
            statement.setBoolean(9, rename);
            statement.setString(10, facts.fullName().substring(slash + 1));
            statement.setBoolean(11, current);
            setInstant(statement, 12, facts.namedAt());
            statement.setLong(13, row.id());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    /**
     * Frees {@code fullName} for the repository GitHub now gives it to: the repository other than {@code newHolder}
     * that bears it as its current name (in any letter case) is renamed {@code owner/name~id}, a name GitHub never
     * gives, and keeps its data until a delivery of its own tells its new name.
     */
    private static void retireHolder(Connection connection, String fullName, long newHolder) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                update repository set full_name = full_name || '~' || id, name = name || '~' || id
                where id = repository_id(?) and id <> ? and lower(full_name) = lower(?)""")) {
            statement.setString(1, fullName);
            statement.setLong(2, newHolder);
            statement.setString(3, fullName);
            statement.executeUpdate();
        }
    }

    private static void lockName(Connection connection, String fullName) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("select pg_advisory_xact_lock(?, hashtext(lower(?)))")) {
            statement.setInt(1, NAME_LOCK_CLASS);
            statement.setString(2, fullName);
            statement.execute();
        }
    }

    private static RepositoryRow one(Connection connection, String sql, Object key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    private static RepositoryRow read(ResultSet rs) throws SQLException {
        Timestamp namedAt = rs.getTimestamp(6);
        return new RepositoryRow(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class), rs.getString(4),
                rs.getString(5), namedAt == null ? null : namedAt.toInstant());
    }

    /**
     * The id of the repository that {@code fullName} names (its current or a former name, in any letter case), if
     * Greenboard has one. A text that cannot be a repository's name (too long, or with control characters such as
     * NUL, which PostgreSQL's text cannot hold) names none.
     */
    public static OptionalLong idOf(Connection connection, String fullName) throws SQLException {
        if (!isLookupName(fullName)) {
            return OptionalLong.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement("select repository_id(?)")) {
            statement.setString(1, fullName);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
            }
        }
    }

    /** Whether {@code name} is of the form {@code owner/name}, each part of letters, digits, {@code _ . -}. */
    public static boolean isValidFullName(String name) {
        return name != null && FULL_NAME.matcher(name).matches();
    }

    /**
     * Whether {@code name} can be looked up at all: not blank, at most 256 characters, no control characters. Names
     * that pass may still name no repository.
     */
    public static boolean isLookupName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_LOOKUP_CHARS) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i)) || Character.isSurrogate(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, value.atOffset(ZoneOffset.UTC));
        }
    }
}
