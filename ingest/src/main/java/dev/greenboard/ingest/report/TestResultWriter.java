package dev.greenboard.ingest.report;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.greenboard.ingest.report.parse.ParsedTestCase;
import dev.greenboard.ingest.report.parse.TestCaseSink;

/**
 * Writes the test cases of one report inside the caller's transaction, in batches: the test identities of a batch
 * are resolved with one insert and one select, then the result rows go in with one {@code COPY}. Memory holds one
 * batch, never the report.
 */
final class TestResultWriter implements TestCaseSink {

    /** Flush before a batch holds this many characters of text, whatever its case count. */
    private static final int MAX_BATCH_CHARS = 8 * 1024 * 1024;
    private static final DateTimeFormatter COPY_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** The identity key of a test: (file, classname, name). */
    record TestKey(String file, String classname, String name) {
    }

    private final Connection connection;
    private final CopyManager copy;
    private final ObjectMapper json;
    private final long repoId;
    private final long reportId;
    private final String receivedAt;
    private final int batchSize;
    private final Map<TestKey, Long> identities = new HashMap<>();
    private final List<ParsedTestCase> batch = new ArrayList<>();
    private int batchChars;
    private int ordinal;

    TestResultWriter(Connection connection, ObjectMapper json, long repoId, long reportId, Instant receivedAt,
            int batchSize) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.json = json;
        this.repoId = repoId;
        this.reportId = reportId;
        this.receivedAt = COPY_TIME.format(receivedAt.atOffset(ZoneOffset.UTC));
        this.batchSize = batchSize;
    }

    /** The file part of a test's identity: its file attribute, else the suite it was reported in. */
    static TestKey keyOf(ParsedTestCase testCase) {
        String file = testCase.file() != null && !testCase.file().isBlank() ? testCase.file() : testCase.suite();
        return new TestKey(withoutNul(file), withoutNul(testCase.classname()), withoutNul(testCase.name()));
    }

    private static String withoutNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }

    @Override
    public void accept(ParsedTestCase testCase) {
        batch.add(testCase);
        batchChars += length(testCase.message()) + length(testCase.failureText()) + 64;
        if (batch.size() >= batchSize || batchChars >= MAX_BATCH_CHARS) {
            flush();
        }
    }

    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            resolveIdentities();
            copyResults();
        } catch (SQLException e) {
            throw new ResultWriteException(e);
        } catch (IOException e) {
            throw new ResultWriteException(new SQLException("COPY of test results failed", e));
        }
        batch.clear();
        batchChars = 0;
    }

    private void resolveIdentities() throws SQLException {
        Set<TestKey> missing = new LinkedHashSet<>();
        for (ParsedTestCase testCase : batch) {
            TestKey key = keyOf(testCase);
            if (!identities.containsKey(key)) {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        // Sorted, so that concurrent uploads insert the shared new identities of a batch in one order and do not
        // deadlock over them. Across batches they still can (one upload's second batch needs what another's first
        // created, and the other way round); TestReportIngestService then stores the upload PostgreSQL aborted again.
        List<TestKey> sorted = missing.stream()
                .sorted((a, b) -> {
                    int c = a.file().compareTo(b.file());
                    c = c != 0 ? c : a.classname().compareTo(b.classname());
                    return c != 0 ? c : a.name().compareTo(b.name());
                })
                .toList();
        String[] files = sorted.stream().map(TestKey::file).toArray(String[]::new);
        String[] classes = sorted.stream().map(TestKey::classname).toArray(String[]::new);
        String[] names = sorted.stream().map(TestKey::name).toArray(String[]::new);
        Array fileArray = connection.createArrayOf("text", files);
        Array classArray = connection.createArrayOf("text", classes);
        Array nameArray = connection.createArrayOf("text", names);
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into test_identity (repo_id, file, classname, name)
                select ?, f, c, n from unnest(?::text[], ?::text[], ?::text[]) as t(f, c, n)
                on conflict do nothing""")) {
            insert.setLong(1, repoId);
            insert.setArray(2, fileArray);
            insert.setArray(3, classArray);
            insert.setArray(4, nameArray);
            insert.executeUpdate();
        }
        // A separate statement sees both what this one inserted and what concurrent uploads committed meanwhile.
        try (PreparedStatement select = connection.prepareStatement(
                """
                        select ti.id, ti.file, ti.classname, ti.name
                        from unnest(?::text[], ?::text[], ?::text[]) as t(f, c, n)
                        join test_identity ti on ti.repo_id = ? and ti.file = t.f and ti.classname = t.c and ti.name = t.n""")) {
            select.setArray(1, fileArray);
            select.setArray(2, classArray);
            select.setArray(3, nameArray);
            select.setLong(4, repoId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    identities.put(new TestKey(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getLong(1));
                }
            }
        }
        for (TestKey key : sorted) {
            if (!identities.containsKey(key)) {
                throw new SQLException("Test identity " + key + " was neither inserted nor found");
            }
        }
    }

    private void copyResults() throws SQLException, IOException {
        StringBuilder rows = new StringBuilder(batchChars + batch.size() * 64);
        for (ParsedTestCase testCase : batch) {
            rows.append(receivedAt).append('\t')
                    .append(reportId).append('\t')
                    .append(ordinal++).append('\t')
                    .append(identities.get(keyOf(testCase))).append('\t')
                    .append(testCase.status().code()).append('\t');
            if (testCase.durationSeconds() == null) {
                rows.append("\\N");
            } else {
                rows.append(testCase.durationSeconds());
            }
            rows.append('\t').append(Math.min(testCase.rerunCount(), Short.MAX_VALUE)).append('\t');
            appendText(rows, testCase.message());
            rows.append('\t');
            appendText(rows, testCase.failureText());
            rows.append('\t');
            appendText(rows, testCase.properties().isEmpty() ? null : toJson(testCase.properties()));
            rows.append('\n');
        }
        copy.copyIn("copy test_result (received_at, report_id, ordinal, test_id, status, duration_s, rerun_count,"
                + " message, failure_text, extra) from stdin", new StringReader(rows.toString()));
    }

    private String toJson(Map<String, String> properties) {
        try {
            return json.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** COPY text format: backslash escapes, \N for null; PostgreSQL text cannot hold NUL, so it is dropped. */
    private static void appendText(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> {
                }
                default -> out.append(c);
            }
        }
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** A database failure while writing, carried through the parser's sink. */
    static final class ResultWriteException extends RuntimeException {

        ResultWriteException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
