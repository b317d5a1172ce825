package dev.greenboard.model.ci;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * The PostgreSQL channel on which a changed job is announced to every Greenboard instance. The writer sends the
 * notice inside the transaction that stores the change, so PostgreSQL delivers it only when that transaction commits
 * (and never for one that rolls back); every instance that listens, the writer's included, then reads the job and
 * pushes it to its live views. The payload is the job's id alone: what a view shows is read from the row, never from
 * the notice, and an id fits PostgreSQL's 8,000-byte payload limit whatever the branch or job name.
 */
public final class JobChangeNotices {

    public static final String CHANNEL = "greenboard_job_changed";

    private JobChangeNotices() {
    }

    /** Announces the jobs in the caller's transaction (one statement whatever their number). */
    public static void announce(Connection connection, Collection<Long> jobIds) throws SQLException {
        if (jobIds.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection
                .prepareStatement("select pg_notify('" + CHANNEL + "', id::text) from unnest(?::bigint[]) id")) {
            statement.setArray(1, connection.createArrayOf("bigint", jobIds.toArray()));
            statement.execute();
        }
    }

    /** The job id of a notice's payload; empty for a payload this version does not understand. */
    public static OptionalLong jobId(String payload) {
        try {
            return OptionalLong.of(Long.parseLong(payload.strip()));
        } catch (NumberFormatException | NullPointerException e) {
            return OptionalLong.empty();
        }
    }
}
