package dev.greenboard.ingest.report.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.greenboard.ingest.report.parse.ReportParseException.Kind;
import dev.greenboard.model.testresult.TestStatus;

class JsonLinesReportParserTest {

    private final JsonLinesReportParser parser = new JsonLinesReportParser();

    @Test
    void readsOneTestCasePerLine() throws Exception {
        RecordingSink sink = new RecordingSink();

        ParseSummary summary = parse(
                """
                        {"file": "test/test_nn.py", "classname": "TestNN", "name": "test_conv", "status": "passed", "duration_s": 1.5}
                        {"file": "test/test_nn.py", "classname": "TestNN", "name": "test_pool", "status": "failed", "duration_s": 0.25, "message": "  assert 1 == 2  "}
                        {"classname": "TestNN", "name": "test_flaky", "status": "flaky", "rerun_count": 2}
                        {"name": "test_skip", "status": "SKIPPED", "duration_s": "0.5"}
                        {"name": "test_error", "status": "error", "duration_s": null, "rerun_count": null}
                        """,
                sink);

        assertEquals(new ParseSummary(5, 1, 1, 1, 1, 1), summary);
        assertEquals(new ParsedTestCase("", "test/test_nn.py", "TestNN", "test_pool", TestStatus.FAILED, 0.25, 0,
                "assert 1 == 2", null, Map.of()), sink.named("test_pool"));
        assertEquals(2, sink.named("test_flaky").rerunCount());
        assertNull(sink.named("test_flaky").file());
        assertEquals("", sink.named("test_skip").classname());
        assertEquals(0.5, sink.named("test_skip").durationSeconds());
        assertNull(sink.named("test_error").durationSeconds());
        assertEquals(0, sink.named("test_error").rerunCount());
    }

    @Test
    void keepsExtraKeysAsStringsOrJsonText() throws Exception {
        ParsedTestCase testCase = parseOne(
                """
                        {"name": "t", "status": "passed", "invoking_file": "test_ops", "shard": 3, "ratio": 0.5, "xfail": false, "owner": null, "labels": ["cuda", "slow"], "env": {"os": "linux", "gpus": [0, 1]}}
                        """);

        assertEquals(Map.of("invoking_file", "test_ops", "shard", "3", "ratio", "0.5", "xfail", "false", "owner",
                "null", "labels", "[\"cuda\",\"slow\"]", "env", "{\"os\":\"linux\",\"gpus\":[0,1]}"),
                testCase.properties());
    }

    @Test
    void skipsBlankLines() throws Exception {
        RecordingSink sink = new RecordingSink();

        ParseSummary summary = parse("\n\r\n{\"name\": \"a\", \"status\": \"passed\"}\r\n   \n\t\n"
                + "{\"name\": \"b\", \"status\": \"skipped\"}\n\n", sink);

        assertEquals(new ParseSummary(2, 1, 0, 0, 1, 0), summary);
    }

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("1.5", 1.5),
                Arguments.of("2", 2.0),
                Arguments.of("1e-3", 0.001),
                Arguments.of("\"0.25\"", 0.25),
                Arguments.of("\"abc\"", null),
                Arguments.of("-1", null),
                Arguments.of("null", null),
                Arguments.of("true", null),
                Arguments.of("{\"value\": 1}", null),
                Arguments.of("1e400", null));
    }

    @ParameterizedTest(name = "duration_s={0} -> {1}")
    @MethodSource("durations")
    void readsDurationsLikeXmlTimes(String json, Double expected) throws Exception {
        ParsedTestCase testCase = parseOne("{\"name\": \"t\", \"status\": \"passed\", \"duration_s\": " + json + "}");

        assertEquals(expected, testCase.durationSeconds());
    }

    @Test
    void locatesASyntaxErrorByLineAndColumn() {
        ReportParseException rejection = assertRejected("""
                {"name": "a", "status": "passed"}

                {"name": "b", "status": passed}
                """, Kind.NOT_WELL_FORMED);

        assertEquals(3, rejection.line());
        assertEquals(25, rejection.column());
        assertTrue(rejection.getMessage().startsWith("Report is not well-formed JSON at line 3, column 25: "),
                rejection.getMessage());
    }

    @Test
    void rejectsAnUnknownStatusWithItsLine() {
        ReportParseException rejection = assertRejected("""
                {"name": "a", "status": "passed"}
                {"name": "b", "status": "weird"}
                """, Kind.INVALID);

        assertEquals(2, rejection.line());
        assertEquals("Report has an invalid test case at line 2: unknown status 'weird'", rejection.getMessage());
    }

    static Stream<Arguments> invalidLines() {
        return Stream.of(
                Arguments.of("no name", "{\"status\": \"passed\"}", "it has no \"name\""),
                Arguments.of("null name", "{\"name\": null, \"status\": \"passed\"}", "it has no \"name\""),
                Arguments.of("number name", "{\"name\": 7, \"status\": \"passed\"}", "\"name\" must be a string"),
                Arguments.of("no status", "{\"name\": \"t\"}", "it has no \"status\""),
                Arguments.of("object status", "{\"name\": \"t\", \"status\": {}}", "\"status\" must be a string"),
                Arguments.of("negative reruns", "{\"name\": \"t\", \"status\": \"passed\", \"rerun_count\": -1}",
                        "\"rerun_count\" must be a non-negative integer"),
                Arguments.of("text reruns", "{\"name\": \"t\", \"status\": \"passed\", \"rerun_count\": \"2\"}",
                        "\"rerun_count\" must be a non-negative integer"),
                Arguments.of("fractional reruns", "{\"name\": \"t\", \"status\": \"passed\", \"rerun_count\": 1.5}",
                        "\"rerun_count\" must be a non-negative integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLines")
    void rejectsATestCaseWithBadContent(String rule, String line, String reason) {
        ReportParseException rejection = assertRejected("{\"name\": \"ok\", \"status\": \"passed\"}\n" + line + "\n",
                Kind.INVALID);

        assertEquals(2, rejection.line());
        assertEquals(reason, rejection.detail(), rule);
    }

    @Test
    void rejectsALineThatIsNotAnObject() {
        for (String line : new String[]{"[1, 2]", "42", "\"text\"", "null"}) {
            ReportParseException rejection = assertRejected("{\"name\": \"a\", \"status\": \"passed\"}\n" + line,
                    Kind.INVALID);

            assertEquals(2, rejection.line(), line);
            assertEquals("Report has a line that is not a JSON object at line 2", rejection.getMessage());
        }
    }

    @Test
    void rejectsPlainText() {
        ReportParseException rejection = assertRejected("this is not json", Kind.NOT_WELL_FORMED);

        assertEquals(1, rejection.line());
    }

    @Test
    void rejectsTwoObjectsOnOneLine() {
        ReportParseException rejection = assertRejected(
                "{\"name\": \"a\", \"status\": \"passed\"} {\"name\": \"b\", \"status\": \"passed\"}",
                Kind.NOT_WELL_FORMED);

        assertEquals(1, rejection.line());
    }

    @Test
    void rejectsAnEmptyReport() {
        assertEquals("Report is empty: it has no JSON lines", assertRejected("", Kind.EMPTY).getMessage());
        assertRejected("\n  \n\r\n", Kind.EMPTY);
    }

    @Test
    void cutsLongMessagesAndExtraValues() throws Exception {
        ParseLimits limits = new ParseLimits(50, 100, 10, 1024, 1024);
        String longText = "x".repeat(10_000);
        RecordingSink sink = new RecordingSink();

        new JsonLinesReportParser(limits).parse(utf8("{\"name\": \"t\", \"status\": \"failed\", \"message\": \""
                + longText + "\", \"log\": \"" + longText + "\", \"nested\": [\"" + longText + "\"]}"), sink);

        ParsedTestCase testCase = sink.only();
        assertEquals("x".repeat(49) + BoundedText.CUT_MARK, testCase.message());
        assertEquals("x".repeat(49) + BoundedText.CUT_MARK, testCase.properties().get("log"));
        assertEquals("[\"" + "x".repeat(47) + BoundedText.CUT_MARK, testCase.properties().get("nested"));
    }

    @Test
    void emitsEachLineBeforeReadingTheNext() {
        RecordingSink sink = new RecordingSink();
        InputStream failsAfterOneLine = new SequenceInputStream(utf8("{\"name\": \"a\", \"status\": \"passed\"}\n"),
                new InputStream() {

                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });

        assertThrows(IOException.class, () -> parser.parse(failsAfterOneLine, sink));

        assertEquals("a", sink.only().name());
    }

    private ReportParseException assertRejected(String report, Kind kind) {
        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(utf8(report), new RecordingSink()));
        assertEquals(kind, rejection.kind(), rejection.getMessage());
        return rejection;
    }

    private ParsedTestCase parseOne(String report) throws Exception {
        RecordingSink sink = new RecordingSink();
        parser.parse(utf8(report), sink);
        return sink.only();
    }

    private ParseSummary parse(String report, TestCaseSink sink) throws Exception {
        return parser.parse(utf8(report), sink);
    }

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
