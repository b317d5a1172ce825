package dev.greenboard.metrics.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Keeps a history of the live queue (docs/definitions.md): per repository and runner label, how many jobs wait for a runner and
 * since when the oldest waits, once per quarter hour ({@code queue_snapshot}). The live queue itself is GraphQL's
 * {@code queuedJobs}; this job counts the same jobs the same way. A second run in the same quarter hour replaces that
 * quarter's snapshot, so the job stays idempotent within its period.
 */
@ApplicationScoped
public class QueueSnapshotRollup implements Rollup {

    /** Statuses of a job that waits for a runner (as {@code queuedJobs}). */
    static final String QUEUED = "('queued', 'waiting', 'pending', 'requested')";

    private static final int SLOT_MINUTES = 15;

    @Override
    public String name() {
        return "queue-snapshot";
    }

    @Override
    public String description() {
        return "Snapshots the jobs waiting for a runner, per runner label: count and oldest wait, every quarter hour";
    }

    @Override
    public String defaultSchedule() {
        return "0 0/15 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        Instant now = context.now();
        Instant slot = slotOf(now);
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table queue_now on commit drop as
                    select j.repo_id, coalesce(l.label, '(no label)') as label, count(*)::int as queued,
                           min(j.created_at) as oldest_queued_since
                      from job j left join lateral unnest(j.labels) as l(label) on true
                     where j.status in %s
                     group by 1, 2""".formatted(QUEUED));
        }
        long rows;
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into queue_snapshot (repo_id, slot, label, taken_at, queued, oldest_queued_since)
                select repo_id, ?, label, ?, queued, oldest_queued_since from queue_now
                on conflict (repo_id, slot, label) do update set
                    taken_at = excluded.taken_at, queued = excluded.queued,
                    oldest_queued_since = excluded.oldest_queued_since
                where (queue_snapshot.queued, queue_snapshot.oldest_queued_since)
                      is distinct from (excluded.queued, excluded.oldest_queued_since)""")) {
            statement.setObject(1, slot.atOffset(ZoneOffset.UTC));
            statement.setObject(2, now.atOffset(ZoneOffset.UTC));
            rows = statement.executeUpdate();
        }
        // A label whose queue emptied since an earlier snapshot of the same quarter hour.
        try (PreparedStatement statement = connection.prepareStatement("""
                delete from queue_snapshot s
                 where s.slot = ?
                   and not exists (select 1 from queue_now q where q.repo_id = s.repo_id and q.label = s.label)""")) {
            statement.setObject(1, slot.atOffset(ZoneOffset.UTC));
            rows += statement.executeUpdate();
        }
        return RollupOutcome.of(rows, "snapshot of slot[" + slot + "] rows written[" + rows + "]");
    }

    /** The quarter hour (UTC) that holds {@code time}. */
    static Instant slotOf(Instant time) {
        Instant hour = time.truncatedTo(ChronoUnit.HOURS);
        long minutes = ChronoUnit.MINUTES.between(hour, time);
        return hour.plus(minutes - minutes % SLOT_MINUTES, ChronoUnit.MINUTES);
    }
}
