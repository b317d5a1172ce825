package dev.greenboard.metrics.rollup;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The write times an incremental run processes: after the rollup's watermark, up to a horizon below which no
 * transaction can still write.
 * <p>
 * Ingest stamps a row with {@code now()}, the start of its transaction, and commits a little later. Taking the newest
 * stamp seen as the next watermark would therefore lose the rows of a transaction that started earlier and commits
 * after this run has read: the horizon stays before the start of every transaction running when the window opens
 * (and before the window's opening itself), so every row stamped inside the window is visible to the run, and a row
 * stamped later is left to the next run. Open the window before reading any facts.
 *
 * @param after exclusive lower bound: the rollup's watermark ({@code 1970-01-01} on a first or full run)
 * @param upTo inclusive upper bound; the run's new watermark
 */
public record ChangeWindow(OffsetDateTime after, OffsetDateTime upTo, boolean full) {

    /** Opens the window of this run; a full run's window starts at the beginning of time. */
    public static ChangeWindow open(RollupContext context) throws SQLException {
        OffsetDateTime after = context.watermarkOrMin();
        // pg_stat_activity shows the transaction start of every session of the same role, which includes ingest.
        try (PreparedStatement statement = context.connection().prepareStatement("""
                select clock_timestamp() as opened,
                       (select min(xact_start) from pg_stat_activity
                         where pid <> pg_backend_pid() and backend_type = 'client backend'
                           and datname = current_database()) as oldest_running""");
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            OffsetDateTime horizon = rs.getObject("opened", OffsetDateTime.class);
            OffsetDateTime oldestRunning = rs.getObject("oldest_running", OffsetDateTime.class);
            if (oldestRunning != null && !oldestRunning.isAfter(horizon)) {
                horizon = oldestRunning.minus(1, ChronoUnit.MICROS);
            }
            OffsetDateTime upTo = horizon.isAfter(after) ? horizon : after;
            return new ChangeWindow(after, upTo.withOffsetSameInstant(ZoneOffset.UTC), context.full());
        }
    }

    /** Records the window as processed: the next run starts after it. */
    public void close(RollupContext context) {
        context.advanceWatermark(upTo.toInstant());
    }

    /** Binds {@code after} and {@code upTo} to two consecutive parameters, for {@code t > ? and t <= ?}. */
    public int bind(PreparedStatement statement, int firstIndex) throws SQLException {
        statement.setObject(firstIndex, after);
        statement.setObject(firstIndex + 1, upTo);
        return firstIndex + 2;
    }
}
