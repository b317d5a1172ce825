package dev.greenboard.ingest.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import dev.greenboard.ingest.IngestConfig;
import dev.greenboard.ingest.http.SpooledBody;
import dev.greenboard.ingest.input.StorableText;
import dev.greenboard.ingest.report.parse.JsonLinesReportParser;
import dev.greenboard.ingest.report.parse.JunitXmlParser;
import dev.greenboard.ingest.report.parse.ParseLimits;
import dev.greenboard.ingest.report.parse.ParseSummary;
import dev.greenboard.ingest.report.parse.ReportParseException;
import dev.greenboard.ingest.report.parse.ZipReportParser;
import dev.greenboard.model.commit.CommitRows;
import dev.greenboard.model.repository.RepositoryRows;

/**
 * Stores one test report all-or-nothing: the report row, its test identities and one result row per test case, in
 * one transaction committed before the answer. The same report uploaded again (same body for the same repo, sha, job
 * and attempt, or the same {@code Idempotency-Key}) is answered with the first one and counts nothing twice.
 */
@ApplicationScoped
public class TestReportIngestService {

    /** What an upload stored, or found stored already. */
    public record Result(long reportId, ParseSummary summary, boolean duplicate) {
    }

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DEADLOCK_DETECTED = "40P01";
    /** Attempts at an upload that keeps losing deadlocks; each loss means another upload went through. */
    private static final int MAX_ATTEMPTS = 5;
    /** Longer Idempotency-Keys are stored by their hash. */
    private static final int MAX_PLAIN_KEY_CHARS = 256;
    private static final Logger LOG = Logger.getLogger(TestReportIngestService.class);

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final IngestConfig config;
    private final MeterRegistry meters;
    private final TestIdentityCache identities;

    public TestReportIngestService(AgroalDataSource dataSource, ObjectMapper json, IngestConfig config,
            MeterRegistry meters, TestIdentityCache identities) {
        this.dataSource = dataSource;
        this.json = json;
        this.config = config;
        this.meters = meters;
        this.identities = identities;
    }

    /**
     * @throws ReportParseException the body is not an acceptable report; nothing was stored
     */
    public Result ingest(ReportSource source, ReportFormat format, SpooledBody body, String idempotencyKey)
            throws ReportParseException, SQLException {
        String key = idempotencyKey != null && !idempotencyKey.isBlank()
                ? idempotencyKey(idempotencyKey.trim())
                : "body:" + sha256(sourceKey(source) + '\n' + body.sha256());
        Optional<Result> existing = findByKey(key);
        if (existing.isPresent()) {
            meters.counter("greenboard.reports", "outcome", "duplicate").increment();
            return existing.get();
        }
        for (int attempt = 1;; attempt++) {
            try {
                return store(source, format, body, key);
            } catch (SQLException e) {
                if (!DEADLOCK_DETECTED.equals(e.getSQLState()) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                // Two uploads that share new tests met in the other order (see TestResultWriter); PostgreSQL rolled
                // this one back whole and let the other go on, so storing it again is safe and will then wait
                // for the other's identities instead.
                meters.counter("greenboard.reports.retried", "cause", "deadlock").increment();
                LOG.debugf("Report of repo[%s] sha[%s] retried after a deadlock (attempt %d)", source.repo(),
                        source.sha(), attempt);
            }
        }
    }

    /** One attempt at storing the report, in one transaction. */
    private Result store(ReportSource source, ReportFormat format, SpooledBody body, String key)
            throws ReportParseException, SQLException {
        Instant receivedAt = Instant.now();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long repoId = ensureRepository(connection, source.repo());
                CommitRows.upsert(connection, repoId, CommitRows.CommitInfo.shaOnly(source.sha()));
                if (source.branch() != null && !source.branch().isBlank()) {
                    CommitRows.addToBranch(connection, repoId, source.branch(), source.sha(), receivedAt, 0,
                            "test_report");
                }
                long reportId;
                try {
                    reportId = insertReport(connection, repoId, source, format, key, body.sha256(), receivedAt);
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    // The same report was committed by a concurrent upload while this one was on its way.
                    connection.rollback();
                    return findByKey(key).orElseThrow(() -> e);
                }
                TestResultWriter writer = new TestResultWriter(connection, json, identities, repoId, reportId,
                        receivedAt, config.ingest().batchSize());
                ParseSummary summary;
                try (InputStream in = body.open()) {
                    summary = parse(format, in, writer);
                    writer.flush();
                } catch (TestResultWriter.ResultWriteException e) {
                    throw e.getCause();
                }
                updateCounts(connection, reportId, summary);
                connection.commit();
                // Only now: identities this transaction created would not exist had it rolled back.
                identities.addCommitted(writer.resolvedInDatabase());
                meters.counter("greenboard.reports", "outcome", "stored").increment();
                meters.counter("greenboard.test.results").increment(summary.tests());
                LOG.debugf("Report[%d] of repo[%s] sha[%s] stored with %d test cases", reportId, source.repo(),
                        source.sha(), summary.tests());
                return new Result(reportId, summary, false);
            } catch (ReportParseException | SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } catch (IOException e) {
                connection.rollback();
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * What makes two uploads "the same report" besides the body: docs/definitions.md "Report identity" names (repo, sha, job_id, run_attempt); the
     * other coordinates are part of it too, so that two jobs without a job_id (GitHub Actions does not expose it)
     * that happen to produce identical files are not merged into one.
     */
    private String sourceKey(ReportSource source) {
        return String.join("\n", source.repo(), source.sha(), String.valueOf(source.jobId()),
                String.valueOf(source.runAttempt()), String.valueOf(source.workflowRunId()),
                String.valueOf(source.jobName()), String.valueOf(source.workflowName()), toJson(source.labels()));
    }

    private ParseSummary parse(ReportFormat format, InputStream in, TestResultWriter writer)
            throws ReportParseException, IOException {
        // A zip may decompress to no more than the body limit: what the limit keeps out as one XML body must not
        // come in compressed (a zip bomb of 1 MB on the wire would otherwise inflate to the old fixed 2 GiB).
        long maxBody = config.ingest().maxBodyBytes();
        ParseLimits limits = new ParseLimits(config.ingest().maxMessageChars(), config.ingest().maxFailureTextChars(),
                ParseLimits.defaults().maxZipEntries(), Math.min(ParseLimits.defaults().maxZipEntryBytes(), maxBody),
                maxBody);
        return switch (format) {
            case JUNIT_XML -> new JunitXmlParser(limits).parse(in, writer);
            case JUNIT_ZIP -> new ZipReportParser(limits).parse(in, writer);
            case JSON_LINES -> new JsonLinesReportParser(limits).parse(in, writer);
        };
    }

    private Optional<Result> findByKey(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        select id, tests, passed, failed, errors, skipped, flaky
                        from test_report where idempotency_key = ?""")) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Result(rs.getLong(1), new ParseSummary(rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)), true));
            }
        }
    }

    /**
     * The repository's id; a new repository is created inside the report's transaction, so a rejected report leaves
     * nothing behind. An existing one is only read, which takes no lock.
     */
    private static long ensureRepository(Connection connection, String fullName) throws SQLException {
        return RepositoryRows.ensure(connection, fullName);
    }

    /**
     * The stored form of an {@code Idempotency-Key}: the key itself when it is short printable text, else its
     * SHA-256, so that a key of any length and any bytes works and never outgrows the unique index.
     */
    static String idempotencyKey(String header) {
        boolean plain = header.length() <= MAX_PLAIN_KEY_CHARS
                && header.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        return plain ? "key:" + header : "key-sha256:" + sha256(header);
    }

    private long insertReport(Connection connection, long repoId, ReportSource source, ReportFormat format,
            String key, String bodySha256, Instant receivedAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into test_report (repo_id, sha, workflow_run_id, run_attempt, job_id, job_name, workflow_name,
                    branch, labels, format, idempotency_key, body_sha256, tests, passed, failed, errors, skipped,
                    flaky, received_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?)
                returning id""")) {
            statement.setLong(1, repoId);
            statement.setString(2, source.sha());
            setLong(statement, 3, source.workflowRunId());
            statement.setInt(4, source.runAttempt());
            setLong(statement, 5, source.jobId());
            statement.setString(6, source.jobName());
            statement.setString(7, source.workflowName());
            statement.setString(8, source.branch());
            statement.setString(9, toJson(source.labels()));
            statement.setString(10, format.label());
            statement.setString(11, key);
            statement.setString(12, bodySha256);
            CommitRows.setInstant(statement, 13, receivedAt);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void updateCounts(Connection connection, long reportId, ParseSummary summary) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                update test_report set tests = ?, passed = ?, failed = ?, errors = ?, skipped = ?, flaky = ?
                where id = ?""")) {
            statement.setLong(1, summary.tests());
            statement.setLong(2, summary.passed());
            statement.setLong(3, summary.failed());
            statement.setLong(4, summary.errors());
            statement.setLong(5, summary.skipped());
            statement.setLong(6, summary.flaky());
            statement.setLong(7, reportId);
            statement.executeUpdate();
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(StorableText.of(text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
