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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.greenboard.ingest.input.StorableText;
import dev.greenboard.ingest.report.parse.ParsedTestCase;
import dev.greenboard.ingest.report.parse.TestCaseSink;

/**
 * Writes the test cases of one report inside the caller's transaction, in batches: the test identities of a batch
 * come from the shared {@link TestIdentityCache} where it knows them, the rest are resolved with one insert and one
 * select, then the result rows go in with one {@code COPY}. Memory holds one batch, never the report.
 */
final class TestResultWriter implements TestCaseSink {

    /** Flush before a batch holds this many characters of text, whatever its case count. */
    private static final int MAX_BATCH_CHARS = 8 * 1024 * 1024;
    private static final DateTimeFormatter COPY_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final Comparator<TestKey> KEY_ORDER = Comparator.comparing(TestKey::file)
            .thenComparing(TestKey::classname).thenComparing(TestKey::name);

    /** The identity key of a test: (file, classname, name). */
    record TestKey(String file, String classname, String name) {
    }

    private final Connection connection;
    private final CopyManager copy;
    private final ObjectMapper json;
    private final TestIdentityCache cache;
    private final long repoId;
    private final long reportId;
    private final String receivedAt;
    private final int batchSize;
    /**
     * Identities this upload resolved in the database, by cache key. Not in the shared cache yet: they may have been
     * created by this very transaction, which can still roll back; the caller hands them over after the commit.
     */
    private final Map<String, Long> resolved = new HashMap<>();
    private final List<ParsedTestCase> batch = new ArrayList<>();
    private int batchChars;
    private int ordinal;

    TestResultWriter(Connection connection, ObjectMapper json, TestIdentityCache cache, long repoId, long reportId,
            Instant receivedAt, int batchSize) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.json = json;
        this.cache = cache;
        this.repoId = repoId;
        this.reportId = reportId;
        this.receivedAt = COPY_TIME.format(receivedAt.atOffset(ZoneOffset.UTC));
        this.batchSize = batchSize;
    }

    /**
     * The identity of a test: its file attribute, else the suite it was reported in, with its class and name, all
     * whole whatever their length (test_identity is unique by their hash).
     */
    static TestKey keyOf(ParsedTestCase testCase) {
        String file = testCase.file() != null && !testCase.file().isBlank() ? testCase.file() : testCase.suite();
        return new TestKey(StorableText.of(file), StorableText.of(testCase.classname()),
                StorableText.of(testCase.name()));
    }

    /**
     * The test case as PostgreSQL can store it: NUL removed and U+FFFD for a lone surrogate in every text (JSON lines
     * can carry both as escapes; XML can carry neither). The same instance when nothing needs it.
     */
    static ParsedTestCase storable(ParsedTestCase testCase) {
        boolean storable = StorableText.isStorable(testCase.suite())
                && (testCase.file() == null || StorableText.isStorable(testCase.file()))
                && StorableText.isStorable(testCase.classname()) && StorableText.isStorable(testCase.name())
                && (testCase.message() == null || StorableText.isStorable(testCase.message()))
                && (testCase.failureText() == null || StorableText.isStorable(testCase.failureText()))
                && testCase.properties().entrySet().stream().allMatch(p -> StorableText.isStorable(p.getKey())
                        && (p.getValue() == null || StorableText.isStorable(p.getValue())));
        if (storable) {
            return testCase;
        }
        Map<String, String> properties = new LinkedHashMap<>();
        testCase.properties().forEach((key, value) -> properties.put(StorableText.of(key), StorableText.of(value)));
        return new ParsedTestCase(StorableText.of(testCase.suite()), StorableText.of(testCase.file()),
                StorableText.of(testCase.classname()), StorableText.of(testCase.name()), testCase.status(),
                testCase.durationSeconds(), testCase.rerunCount(), StorableText.of(testCase.message()),
                StorableText.of(testCase.failureText()), properties);
    }

    @Override
    public void accept(ParsedTestCase parsed) {
        ParsedTestCase testCase = storable(parsed);
        batch.add(testCase);
        // Identities count too: a suite name of megabytes stands for the file of every case in it.
        batchChars += length(testCase.message()) + length(testCase.failureText()) + length(testCase.name())
                + length(testCase.classname()) + length(testCase.file() == null ? testCase.suite() : testCase.file())
                + 64;
        if (batch.size() >= batchSize || batchChars >= MAX_BATCH_CHARS) {
            flush();
        }
    }

    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            copyResults(resolveIdentities());
        } catch (SQLException e) {
            throw new ResultWriteException(e);
        } catch (IOException e) {
            throw new ResultWriteException(new SQLException("COPY of test results failed", e));
        }
        batch.clear();
        batchChars = 0;
    }

    /**
     * The identities this upload resolved in the database, by {@link TestIdentityCache} key: for the shared cache
     * once the upload's transaction has committed, never before.
     */
    Map<String, Long> resolvedInDatabase() {
        return resolved;
    }

    /** The test id of each case of the batch, by position. */
    private long[] resolveIdentities() throws SQLException {
        long[] ids = new long[batch.size()];
        String[] keys = new String[batch.size()];
        Map<String, TestKey> missing = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            TestKey test = keyOf(batch.get(i));
            String key = TestIdentityCache.key(repoId, test);
            Long id = resolved.get(key);
            if (id == null) {
                id = cache.find(key);
            }
            if (id != null) {
                ids[i] = id;
            } else {
                keys[i] = key;
                missing.putIfAbsent(key, test);
            }
        }
        if (missing.isEmpty()) {
            return ids;
        }
        insertAndSelect(missing.values());
        for (int i = 0; i < ids.length; i++) {
            if (keys[i] != null) {
                Long id = resolved.get(keys[i]);
                if (id == null) {
                    throw new SQLException("Test identity " + missing.get(keys[i]) + " was neither inserted nor found");
                }
                ids[i] = id;
            }
        }
        return ids;
    }

    /** Creates the identities that do not exist yet and reads the ids of all of {@code tests} into {@link #resolved}. */
    private void insertAndSelect(Collection<TestKey> tests) throws SQLException {
        // Sorted, so that concurrent uploads insert the shared new identities of a batch in one order and do not
        // deadlock over them. Across batches they still can (one upload's second batch needs what another's first
        // created, and the other way round); TestReportIngestService then stores the upload PostgreSQL aborted again.
        List<TestKey> sorted = tests.stream().sorted(KEY_ORDER).toList();
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
        // A separate statement sees both what this one inserted and what concurrent uploads committed meanwhile. It
        // answers each test's position in the arrays, not its texts, which may be megabytes long.
        try (PreparedStatement select = connection.prepareStatement(
                """
                        select ti.id, t.i
                        from unnest(?::text[], ?::text[], ?::text[]) with ordinality as t(f, c, n, i)
                        join test_identity ti on ti.repo_id = ? and ti.identity_hash = test_identity_hash(t.f, t.c, t.n)
                            and ti.file = t.f and ti.classname = t.c and ti.name = t.n""")) {
            select.setArray(1, fileArray);
            select.setArray(2, classArray);
            select.setArray(3, nameArray);
            select.setLong(4, repoId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    TestKey test = sorted.get((int) rs.getLong(2) - 1);
                    resolved.put(TestIdentityCache.key(repoId, test), rs.getLong(1));
                }
            }
        }
    }

    private void copyResults(long[] testIds) throws SQLException, IOException {
        StringBuilder rows = new StringBuilder(batchChars + batch.size() * 64);
        for (int i = 0; i < batch.size(); i++) {
            ParsedTestCase testCase = batch.get(i);
            rows.append(receivedAt).append('\t')
                    .append(repoId).append('\t')
                    .append(reportId).append('\t')
                    .append(ordinal++).append('\t')
                    .append(testIds[i]).append('\t')
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
        copy.copyIn("copy test_result (received_at, repo_id, report_id, ordinal, test_id, status, duration_s,"
                + " rerun_count, message, failure_text, extra) from stdin", new StringReader(rows.toString()));
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
