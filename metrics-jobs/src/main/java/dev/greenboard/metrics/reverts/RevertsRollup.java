package dev.greenboard.metrics.reverts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.rollup.ChangeWindow;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Commits and reverts landed on each repository's default branch per UTC day ({@code revert_stats}).
 * <p>
 * A revert push (docs/definitions.md) is a push to the default branch whose head commit's message starts with {@code Revert}. A
 * revert is a commit of such a push whose own message starts with {@code Revert} (so a push that reverts two commits
 * counts two, and the other commits of a batched push count none). Both commits and reverts are counted on the UTC day
 * the commit was first seen on the branch (its HUD time), once per commit however often it is pushed.
 */
@ApplicationScoped
public class RevertsRollup implements Rollup {

    /**
     * The definition of a revert, shared by this rollup's days and the gateway's hours: the commits placed on the
     * default branch of {@code repo_id} at {@code lo <= seen_at < hi}, for each row of a relation
     * {@code landing_window (repo_id, lo, hi)} the caller defines first in its {@code with} clause, as
     * {@code landed (repo_id, lo, seen_at, revert)}. {@code revert} is true for a commit whose message starts with
     * {@code Revert} pushed to the default branch in a push whose head commit's message does too. Revert pushes are
     * found from the push side (there are few), since {@code push_commit} has no index on the sha.
     */
    public static final String LANDED_COMMITS = """
            revert_commit as (
                select distinct p.repo_id, pc.sha
                  from push p join repository_default_branch r on r.repo_id = p.repo_id
                  join push_commit pc on pc.push_id = p.id
                 where p.ref = 'refs/heads/' || r.default_branch and not p.deleted
                   and p.head_message like 'Revert%'
                   and p.repo_id in (select repo_id from landing_window)
            ),
            landed as (
                select w.repo_id, w.lo, bc.seen_at, coalesce(c.message like 'Revert%' and rc.sha is not null,
                                                             false) as revert
                  from landing_window w join repository_default_branch r on r.repo_id = w.repo_id
                  join branch_commit bc on bc.repo_id = w.repo_id and bc.branch = r.default_branch
                                       and bc.seen_at >= w.lo and bc.seen_at < w.hi
                  left join commit c on c.repo_id = bc.repo_id and c.sha = bc.sha
                  left join revert_commit rc on rc.repo_id = bc.repo_id and rc.sha = bc.sha
            )""";

    @Override
    public String name() {
        return "reverts";
    }

    @Override
    public String description() {
        return "Commits and reverts landed on the default branch per day";
    }

    @Override
    public String defaultSchedule() {
        return "0 12 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        ChangeWindow window = ChangeWindow.open(context);
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table revert_day (repo_id bigint, day date, primary key (repo_id, day))
                        on commit drop""");
            statement.execute("create temporary table revert_fresh (like revert_stats) on commit drop");
        }
        int days = collectDays(connection, window);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    insert into revert_fresh (repo_id, day, commits, reverts)
                    with landing_window as (
                        select repo_id, day::timestamp at time zone 'UTC' as lo,
                               (day + 1)::timestamp at time zone 'UTC' as hi
                          from revert_day
                    ),
                    %s
                    select repo_id, (lo at time zone 'UTC')::date, count(*), count(*) filter (where revert)
                      from landed group by 1, 2""".formatted(LANDED_COMMITS));
        }
        long rows = save(connection, window.full());
        window.close(context);
        return RollupOutcome.of(rows, (window.full() ? "full run: " : "") + "recomputed repository-days[" + days
                + "] rows written[" + rows + "]");
    }

    /** The days of the default-branch commits placed, or pushed again, in the window. */
    private static int collectDays(Connection connection, ChangeWindow window) throws SQLException {
        String onDefaultBranch = """
                select bc.repo_id, (bc.seen_at at time zone 'UTC')::date
                  from branch_commit bc join repository_default_branch r on r.repo_id = bc.repo_id and bc.branch = r.default_branch""";
        String sql = window.full() ? onDefaultBranch : onDefaultBranch + """
                 where bc.recorded_at > ? and bc.recorded_at <= ?
                union
                -- a revert push may arrive after its commits were placed by a workflow run
                select bc.repo_id, (bc.seen_at at time zone 'UTC')::date
                  from push p join repository_default_branch r on r.repo_id = p.repo_id
                  join push_commit pc on pc.push_id = p.id
                  join branch_commit bc on bc.repo_id = p.repo_id and bc.branch = r.default_branch and bc.sha = pc.sha
                 where p.recorded_at > ? and p.recorded_at <= ?
                   and p.ref = 'refs/heads/' || r.default_branch""";
        try (PreparedStatement statement = connection
                .prepareStatement("insert into revert_day select distinct * from (" + sql + ") as changed")) {
            if (!window.full()) {
                window.bind(statement, window.bind(statement, 1));
            }
            return statement.executeUpdate();
        }
    }

    /** Upserts the days that changed; deletes days left with no commit (on a full run: any such day). */
    private static long save(Connection connection, boolean full) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long rows = statement.executeUpdate("""
                    insert into revert_stats select * from revert_fresh
                    on conflict (repo_id, day) do update set commits = excluded.commits, reverts = excluded.reverts
                    where (revert_stats.commits, revert_stats.reverts)
                          is distinct from (excluded.commits, excluded.reverts)""");
            rows += statement.executeUpdate("""
                    delete from revert_stats s
                     where (%s)
                       and not exists (select 1 from revert_fresh f where f.repo_id = s.repo_id and f.day = s.day)"""
                    .formatted(full
                            ? "true"
                            : "exists (select 1 from revert_day t where t.repo_id = s.repo_id and t.day = s.day)"));
            return rows;
        }
    }
}
