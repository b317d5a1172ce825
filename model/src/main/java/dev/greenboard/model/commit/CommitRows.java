package dev.greenboard.model.commit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes commits and their places on branches (the rows of the HUD). */
public final class CommitRows {

    /** A squash-merged PR's title ends in {@code (#1234)}. */
    private static final Pattern PR_SUFFIX = Pattern.compile("\\(#(\\d+)\\)\\s*$");

    private CommitRows() {
    }

    /** What is known of a commit; any part may be null. */
    public record CommitInfo(String sha, String message, String authorName, String authorLogin, String authorEmail,
            Instant committedAt, String htmlUrl) {

        public static CommitInfo shaOnly(String sha) {
            return new CommitInfo(sha, null, null, null, null, null, null);
        }
    }

    /** Inserts the commit or fills in what an earlier, poorer event did not know. */
    public static void upsert(Connection connection, long repoId, CommitInfo commit) throws SQLException {
        if (commit.message() == null && commit.authorLogin() == null && commit.committedAt() == null
                && commit.htmlUrl() == null) {
            // Nothing to fill in: never lock an existing row (hundreds of jobs of one commit arrive at once).
            try (PreparedStatement statement = connection.prepareStatement(
                    "insert into commit (repo_id, sha) values (?, ?) on conflict do nothing")) {
                statement.setLong(1, repoId);
                statement.setString(2, commit.sha());
                statement.executeUpdate();
            }
            return;
        }
        String title = commit.message() == null ? null : commit.message().lines().findFirst().orElse("");
        Integer prNumber = null;
        if (title != null) {
            Matcher matcher = PR_SUFFIX.matcher(title);
            if (matcher.find()) {
                prNumber = Integer.valueOf(matcher.group(1));
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into commit (repo_id, sha, message, title, author_name, author_login, author_email,
                                    committed_at, pr_number, html_url)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (repo_id, sha) do update set
                    message = coalesce(commit.message, excluded.message),
                    title = coalesce(commit.title, excluded.title),
                    author_name = coalesce(commit.author_name, excluded.author_name),
                    author_login = coalesce(commit.author_login, excluded.author_login),
                    author_email = coalesce(commit.author_email, excluded.author_email),
                    committed_at = coalesce(commit.committed_at, excluded.committed_at),
                    pr_number = coalesce(commit.pr_number, excluded.pr_number),
                    html_url = coalesce(commit.html_url, excluded.html_url)
                where (commit.message is null and excluded.message is not null)
                   or (commit.author_login is null and excluded.author_login is not null)
                   or (commit.author_name is null and excluded.author_name is not null)
                   or (commit.committed_at is null and excluded.committed_at is not null)
                   or (commit.html_url is null and excluded.html_url is not null)""")) {
            statement.setLong(1, repoId);
            statement.setString(2, commit.sha());
            statement.setString(3, commit.message());
            statement.setString(4, title);
            statement.setString(5, commit.authorName());
            statement.setString(6, commit.authorLogin());
            statement.setString(7, commit.authorEmail());
            setInstant(statement, 8, commit.committedAt());
            if (prNumber == null) {
                statement.setNull(9, Types.INTEGER);
            } else {
                statement.setInt(9, prNumber);
            }
            statement.setString(10, commit.htmlUrl());
            statement.executeUpdate();
        }
    }

    /**
     * Places a commit on a branch unless it is there already: a commit keeps the place where it was first seen, so
     * a rerun or a late event never reorders the HUD.
     */
    public static void addToBranch(Connection connection, long repoId, String branch, String sha, Instant seenAt,
            int pushOrdinal, String source) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into branch_commit (repo_id, branch, sha, seen_at, push_ordinal, source)
                values (?, ?, ?, ?, ?, ?)
                on conflict do nothing""")) {
            statement.setLong(1, repoId);
            statement.setString(2, branch);
            statement.setString(3, sha);
            setInstant(statement, 4, seenAt == null ? Instant.now() : seenAt);
            statement.setInt(5, pushOrdinal);
            statement.setString(6, source);
            statement.executeUpdate();
        }
    }

    public static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, instant.atOffset(java.time.ZoneOffset.UTC));
        }
    }

}
