package dev.greenboard.metrics.disabled;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.greenboard.metrics.results.ChangedReports;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Keeps the issue half of the disabled-test list ({@code disabled_test} rows with source {@code issue}) in step with
 * the {@code issue} table that {@code issues} webhooks fill: an open {@code DISABLED <test> (<module>.<Class>)} issue
 * disables its test on the platforms its body names; a closed one (or one retitled) re-enables it.
 * <p>
 * Every run reads all {@code DISABLED} issues rather than those changed since a watermark: they are few (PyTorch keeps
 * about a thousand open), an issue's own update time comes from GitHub and may arrive out of order, and a full read
 * notices a retitled issue too. Only rows whose values changed are written, so a run with nothing new writes nothing.
 * Rows written through the API (source {@code api}) are never touched here.
 */
@ApplicationScoped
public class DisabledTestsRollup implements Rollup {

    private static final Logger LOG = Logger.getLogger(DisabledTestsRollup.class);

    @Override
    public String name() {
        return "disabled-tests";
    }

    @Override
    public String description() {
        return "Disabled tests from open 'DISABLED <test> (<module>.<Class>)' issues; closing an issue re-enables";
    }

    @Override
    public String defaultSchedule() {
        return "0 2/10 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        OffsetDateTime now = ChangedReports.utc(context.now());
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table issue_disable (
                        repo_id bigint, issue_number integer, test_key text, test_name text, test_class text,
                        issue_url text, platforms text[], active boolean
                    ) on commit drop""");
        }
        int issues = 0;
        int tests = 0;
        try (PreparedStatement select = connection.prepareStatement("""
                select i.repo_id, i.number, i.title, i.body, i.state,
                       coalesce(rp.html_url, 'https://github.com/' || rp.full_name) || '/issues/' || i.number as url
                from issue i join repository rp on rp.id = i.repo_id
                where i.title like 'DISABLED%' and not i.is_pull_request""");
                PreparedStatement insert = connection.prepareStatement("""
                        insert into issue_disable values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            select.setFetchSize(1_000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    issues++;
                    List<DisabledIssueParser.DisabledByIssue> disabled = DisabledIssueParser
                            .parse(rs.getString("title"), rs.getString("body"));
                    for (DisabledIssueParser.DisabledByIssue test : disabled) {
                        insert.setLong(1, rs.getLong("repo_id"));
                        insert.setInt(2, rs.getInt("number"));
                        insert.setString(3, test.test().key());
                        insert.setString(4, test.test().name());
                        insert.setString(5, test.test().className());
                        insert.setString(6, rs.getString("url"));
                        insert.setArray(7, connection.createArrayOf("text", test.platforms().toArray()));
                        insert.setBoolean(8, "open".equalsIgnoreCase(rs.getString("state")));
                        insert.addBatch();
                        tests++;
                    }
                }
            }
            insert.executeBatch();
        }
        long rows = upsert(connection, now) + deactivateVanished(connection, now);
        if (rows > 0) {
            LOG.debugf("Disabled tests: %d rows changed from %d DISABLED issues naming %d tests", rows, issues, tests);
        }
        return RollupOutcome.of(rows, issues + " DISABLED issues name " + tests + " tests");
    }

    /**
     * Writes the tests of open issues, and closes (active = false) those of closed issues that were listed; a closed
     * issue never listed adds nothing.
     */
    private static long upsert(Connection connection, OffsetDateTime now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, issue_number, issue_url,
                    platforms, active, created_at, updated_at)
                select n.repo_id, n.test_key, n.test_name, n.test_class, 'issue', n.issue_number, n.issue_url,
                       n.platforms, n.active, ?, ?
                from issue_disable n
                where n.active or exists (select 1 from disabled_test d
                                          where d.repo_id = n.repo_id and d.source = 'issue'
                                            and d.issue_number = n.issue_number and d.test_key = n.test_key)
                on conflict (repo_id, source, issue_number, test_key) do update set
                    issue_url = excluded.issue_url, platforms = excluded.platforms, active = excluded.active,
                    updated_at = excluded.updated_at
                where (disabled_test.issue_url, disabled_test.platforms, disabled_test.active)
                      is distinct from (excluded.issue_url, excluded.platforms, excluded.active)""")) {
            statement.setObject(1, now);
            statement.setObject(2, now);
            return statement.executeUpdate();
        }
    }

    /** Re-enables the tests of issues that no longer disable them (retitled, or a test line removed). */
    private static long deactivateVanished(Connection connection, OffsetDateTime now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                update disabled_test d set active = false, updated_at = ?
                where d.source = 'issue' and d.active
                  and not exists (select 1 from issue_disable n
                                  where n.repo_id = d.repo_id and n.issue_number = d.issue_number
                                    and n.test_key = d.test_key)""")) {
            statement.setObject(1, now);
            return statement.executeUpdate();
        }
    }
}
