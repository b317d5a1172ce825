package dev.greenboard.ingest.report.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.greenboard.ingest.report.parse.ReportParseException.Kind;
import dev.greenboard.model.testresult.TestStatus;

class JunitXmlParserTest {

    private final JunitXmlParser parser = new JunitXmlParser();

    static Stream<Arguments> statusPrecedence() {
        return Stream.of(
                Arguments.of("no result element", "", TestStatus.PASSED),
                Arguments.of("error", "<error/>", TestStatus.ERROR),
                Arguments.of("failure", "<failure/>", TestStatus.FAILED),
                Arguments.of("flakyFailure", "<flakyFailure/>", TestStatus.FLAKY),
                Arguments.of("flakyError", "<flakyError/>", TestStatus.FLAKY),
                Arguments.of("skipped", "<skipped/>", TestStatus.SKIPPED),
                Arguments.of("error beats failure", "<failure/><error/>", TestStatus.ERROR),
                Arguments.of("error beats failure in any order", "<error/><failure/>", TestStatus.ERROR),
                Arguments.of("error beats flaky", "<flakyError/><error/>", TestStatus.ERROR),
                Arguments.of("error beats skipped", "<skipped/><error/>", TestStatus.ERROR),
                Arguments.of("failure beats flaky", "<flakyFailure/><failure/>", TestStatus.FAILED),
                Arguments.of("failure beats skipped", "<skipped/><failure/>", TestStatus.FAILED),
                Arguments.of("failure with reruns stays failed", "<failure/><rerunFailure/><rerunFailure/>",
                        TestStatus.FAILED),
                Arguments.of("flaky beats skipped", "<skipped/><flakyFailure/>", TestStatus.FLAKY),
                Arguments.of("reruns alone decide nothing", "<rerunFailure/><rerunError/>", TestStatus.PASSED),
                Arguments.of("logs decide nothing", "<system-out>failure</system-out><system-err/>", TestStatus.PASSED),
                Arguments.of("only direct children count", "<system-out><failure/></system-out>", TestStatus.PASSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusPrecedence")
    void decidesTheStatusByPrecedence(String rule, String children, TestStatus expected) throws Exception {
        ParsedTestCase testCase = parseOne("<testsuite name=\"s\"><testcase name=\"t\">" + children
                + "</testcase></testsuite>");

        assertEquals(expected, testCase.status(), rule);
    }

    static Stream<Arguments> statusAttributes() {
        return Stream.of(
                Arguments.of("status=\"skipped\"", "", TestStatus.SKIPPED),
                Arguments.of("status=\"NotRun\"", "", TestStatus.SKIPPED),
                Arguments.of("status=\"notrun\" result=\"suppressed\"", "", TestStatus.SKIPPED),
                Arguments.of("status=\"run\" result=\"SKIPPED\"", "", TestStatus.SKIPPED),
                Arguments.of("status=\"disabled\"", "", TestStatus.SKIPPED),
                Arguments.of("status=\" suppressed \"", "", TestStatus.SKIPPED),
                Arguments.of("status=\"run\" result=\"completed\"", "", TestStatus.PASSED),
                Arguments.of("status=\"failed\"", "", TestStatus.PASSED),
                Arguments.of("status=\"errored\"", "", TestStatus.PASSED),
                Arguments.of("status=\"disabled\"", "<failure/>", TestStatus.FAILED),
                Arguments.of("status=\"disabled\"", "<error/>", TestStatus.ERROR),
                Arguments.of("status=\"disabled\"", "<flakyFailure/>", TestStatus.FLAKY),
                Arguments.of("status=\"passed\"", "<skipped/>", TestStatus.SKIPPED));
    }

    @ParameterizedTest(name = "{0} with [{1}]")
    @MethodSource("statusAttributes")
    void skipsByStatusOrResultAttributeOnlyAfterTheChildElements(String attributes, String children,
            TestStatus expected) throws Exception {
        ParsedTestCase testCase = parseOne("<testsuite><testcase name=\"t\" " + attributes + ">" + children
                + "</testcase></testsuite>");

        assertEquals(expected, testCase.status());
    }

    @Test
    void doesNotCountResultElementsOfASuite() throws Exception {
        RecordingSink sink = new RecordingSink();

        ParseSummary summary = parse("""
                <testsuites>
                  <testsuite name="outer">
                    <error message="suite setup failed">trace</error>
                    <testsuite name="inner">
                      <failure message="suite teardown failed"/>
                      <skipped/>
                      <testcase name="a"/>
                    </testsuite>
                    <testcase name="b"/>
                  </testsuite>
                </testsuites>
                """, sink);

        assertEquals(new ParseSummary(2, 2, 0, 0, 0, 0), summary);
        assertEquals("inner", sink.named("a").suite());
        assertEquals("outer", sink.named("b").suite(), "the suite name comes back after a nested suite closes");
    }

    @Test
    void namesNoSuiteWhenThereIsNone() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse("<testsuites><testcase name=\"loose\"/><testsuite><testcase name=\"unnamed\"/></testsuite></testsuites>",
                sink);

        assertEquals("", sink.named("loose").suite());
        assertEquals("", sink.named("unnamed").suite());
    }

    @Test
    void readsTheAttributesOfATestCase() throws Exception {
        ParsedTestCase testCase = parseOne("""
                <testsuite name="pytest">
                  <testcase classname="tests.test_lib" name="test_x[param]" file="tests/test_lib.py" line="3"
                            time="0.25"/>
                </testsuite>
                """);

        assertEquals(new ParsedTestCase("pytest", "tests/test_lib.py", "tests.test_lib", "test_x[param]",
                TestStatus.PASSED, 0.25, 0, null, null, Map.of()), testCase);
    }

    @Test
    void defaultsMissingAttributes() throws Exception {
        ParsedTestCase testCase = parseOne("<testsuite><testcase/></testsuite>");

        assertEquals(new ParsedTestCase("", null, "", "", TestStatus.PASSED, null, 0, null, null, Map.of()),
                testCase);
    }

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of(null, null),
                Arguments.of("abc", null),
                Arguments.of("", null),
                Arguments.of("1e-3", 0.001),
                Arguments.of("1.7E-05", 1.7e-05),
                Arguments.of(" 2.5 ", 2.5),
                Arguments.of(".5", 0.5),
                Arguments.of("7", 7.0),
                Arguments.of("-0", 0.0),
                Arguments.of("-1.5", null),
                Arguments.of("-345345", null),
                Arguments.of("999638317", 999638317.0),
                Arguments.of("1,5", null),
                Arguments.of("NaN", null),
                Arguments.of("Infinity", null),
                Arguments.of("1e400", null),
                Arguments.of("0x1p3", null),
                Arguments.of("1.5f", null),
                Arguments.of("<<computed>>".replace("<", "&lt;").replace(">", "&gt;"), null),
                Arguments.of("1".repeat(100_000) + "x", null));
    }

    @ParameterizedTest(name = "time={0} -> {1}")
    @MethodSource("durations")
    void readsDurationInSecondsAndDropsWhatIsUnusable(String time, Double expected) throws Exception {
        String timeAttribute = time == null ? "" : " time=\"" + time + "\"";

        ParsedTestCase testCase = parseOne("<testsuite><testcase name=\"t\"" + timeAttribute + "/></testsuite>");

        assertEquals(expected, testCase.durationSeconds());
    }

    @Test
    void countsSurefireRerunsAndFlakyRuns() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse("""
                <testsuite>
                  <testcase name="failing"><failure/><rerunFailure/><rerunError/><rerunFailure/></testcase>
                  <testcase name="flaky"><flakyFailure/><flakyError/></testcase>
                  <testcase name="plain"><failure/></testcase>
                </testsuite>
                """, sink);

        assertEquals(3, sink.named("failing").rerunCount());
        assertEquals(2, sink.named("flaky").rerunCount());
        assertEquals(0, sink.named("plain").rerunCount());
    }

    @Test
    void takesMessageAndTextFromTheDecidingElement() throws Exception {
        ParsedTestCase testCase = parseOne("""
                <testsuite><testcase name="t">
                  <skipped message="skip reason">skip body</skipped>
                  <failure message="first failure" type="AssertionError">first trace</failure>
                  <failure message="second failure">second trace</failure>
                  <system-out>not a trace</system-out>
                </testcase></testsuite>
                """);

        assertEquals(TestStatus.FAILED, testCase.status());
        assertEquals("first failure", testCase.message());
        assertEquals("first trace", testCase.failureText());
    }

    @Test
    void usesTheTextAsMessageWhenThereIsNoMessageAttribute() throws Exception {
        ParsedTestCase testCase = parseOne("""
                <testsuite><testcase name="t"><skipped><![CDATA[Given skip This Test....pending
                ]]></skipped></testcase></testsuite>
                """);

        assertEquals("Given skip This Test....pending", testCase.message());
        assertEquals("Given skip This Test....pending", testCase.failureText());
    }

    @Test
    void readsSurefireFlakyTraceFromStackTraceAndIgnoresItsOutput() throws Exception {
        ParsedTestCase testCase = parseOne("""
                <testsuite><testcase name="t">
                  <flakyError type="java.io.IOException">
                    <stackTrace><![CDATA[java.io.IOException: reset
                	at Flaky.run(Flaky.java:3)]]></stackTrace>
                    <system-out>rerun output</system-out>
                    <system-err>rerun errors</system-err>
                  </flakyError>
                </testcase></testsuite>
                """);

        assertEquals(TestStatus.FLAKY, testCase.status());
        assertEquals("java.io.IOException: reset\n\tat Flaky.run(Flaky.java:3)", testCase.failureText());
        assertEquals(testCase.failureText(), testCase.message(), "no message attribute: the text stands in");
    }

    @Test
    void hasNoMessageForAPassedOrAttributeSkippedTestCase() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse("""
                <testsuite>
                  <testcase name="passed"><system-out>log</system-out></testcase>
                  <testcase name="disabled" status="disabled"/>
                  <testcase name="rerun passed"><rerunFailure message="once">trace</rerunFailure></testcase>
                </testsuite>
                """, sink);

        for (ParsedTestCase testCase : sink.testCases()) {
            assertNull(testCase.message(), testCase.name());
            assertNull(testCase.failureText(), testCase.name());
        }
    }

    @Test
    void cutsLongTextsToTheLimitsWithAMark() throws Exception {
        ParseLimits limits = new ParseLimits(100, 200, 10, 1024, 1024);
        String longMessage = "m".repeat(10_000);
        String longBody = "b".repeat(50_000);
        RecordingSink sink = new RecordingSink();

        new JunitXmlParser(limits).parse(utf8("<testsuite>"
                + "<testcase name=\"attribute\"><failure message=\"" + longMessage + "\">" + longBody + "</failure>"
                + "</testcase>"
                + "<testcase name=\"body only\"><error><![CDATA[" + longBody + "]]></error></testcase>"
                + "</testsuite>"), sink);

        ParsedTestCase withAttribute = sink.named("attribute");
        assertEquals("m".repeat(99) + BoundedText.CUT_MARK, withAttribute.message());
        assertEquals("b".repeat(199) + BoundedText.CUT_MARK, withAttribute.failureText());
        ParsedTestCase bodyOnly = sink.named("body only");
        assertEquals("b".repeat(99) + BoundedText.CUT_MARK, bodyOnly.message());
        assertEquals("b".repeat(199) + BoundedText.CUT_MARK, bodyOnly.failureText());
    }

    @Test
    void neverCutsAFourByteCharacterInHalf() throws Exception {
        ParseLimits limits = new ParseLimits(10, 10, 10, 1024, 1024);
        // "a" then astral characters: the 9-char cut would end between the two halves of the fifth one.
        String astral = "a" + "𒍺".repeat(20);

        ParsedTestCase testCase = parseOne(new JunitXmlParser(limits),
                "<testsuite><testcase name=\"t\"><failure message=\"" + astral + "\"/></testcase></testsuite>");

        assertEquals("a𒍺𒍺𒍺𒍺" + BoundedText.CUT_MARK, testCase.message());
    }

    @Test
    void keepsTestcasePropertiesFromValueAttributeOrTextBody() throws Exception {
        ParsedTestCase testCase = parseOne("""
                <testsuite>
                  <properties><property name="suite-level" value="ignored"/></properties>
                  <testcase name="t">
                    <properties>
                      <property name="attribute" value="from value"/>
                      <property name="body">
                          from the body
                      </property>
                      <property name="both" value="the value wins">not the body</property>
                      <property name="empty" value=""/>
                      <property value="no name"/>
                      <property name="twice" value="first"/>
                      <property name="twice" value="last"/>
                    </properties>
                  </testcase>
                </testsuite>
                """);

        assertEquals(Map.of("attribute", "from value", "body", "from the body", "both", "the value wins", "empty",
                "", "twice", "last"), testCase.properties());
        assertEquals(List.of("attribute", "body", "both", "empty", "twice"),
                List.copyOf(testCase.properties().keySet()), "report order is kept");
    }

    @Test
    void capsHowManyPropertiesOneTestCaseKeeps() throws Exception {
        StringBuilder properties = new StringBuilder();
        for (int i = 0; i < BoundedProperties.MAX_PROPERTIES + 50; i++) {
            properties.append("<property name=\"p").append(i).append("\" value=\"v\"/>");
        }

        ParsedTestCase testCase = parseOne("<testsuite><testcase name=\"t\"><properties>" + properties
                + "</properties></testcase></testsuite>");

        assertEquals(BoundedProperties.MAX_PROPERTIES, testCase.properties().size());
        assertTrue(testCase.properties().containsKey("p0"));
    }

    @Test
    void readsFourByteUtf8Names() throws Exception {
        String name = "test 𒍺𡓿𠄉 헴䜝 😀";

        ParsedTestCase testCase = parseOne("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<testsuite name=\"𝔰𝔲𝔦𝔱𝔢\">"
                + "<testcase name=\"" + name + "\"><failure message=\"boom 😀\"/></testcase></testsuite>");

        assertEquals(name, testCase.name());
        assertEquals("𝔰𝔲𝔦𝔱𝔢", testCase.suite());
        assertEquals("boom 😀", testCase.message());
    }

    @Test
    void keepsCarriageReturnsInMessagesAndTexts() throws Exception {
        ParsedTestCase testCase = parseOne("<testsuite><testcase name=\"t\">"
                + "<failure message=\"Assert.True() Failure&#13;&#10;Expected: True\">line 1&#13;\r\nline 2</failure>"
                + "</testcase></testsuite>");

        assertEquals("Assert.True() Failure\r\nExpected: True", testCase.message());
        // A literal CR LF is normalised to LF by XML; only the escaped CR survives.
        assertEquals("line 1\r\nline 2", testCase.failureText());
    }

    @Test
    void decodesEntitiesInNamesAndMessages() throws Exception {
        ParsedTestCase testCase = parseOne("<testsuite><testcase name=\"a &lt; b &amp; &quot;c&quot; &apos;d&apos;\">"
                + "<error message=\"&lt;&gt;\">&lt;anonymous&gt;</error></testcase></testsuite>");

        assertEquals("a < b & \"c\" 'd'", testCase.name());
        assertEquals("<>", testCase.message());
        assertEquals("<anonymous>", testCase.failureText());
    }

    @Test
    void matchesElementsByLocalNameWhateverTheirNamespace() throws Exception {
        RecordingSink sink = new RecordingSink();

        ParseSummary summary = parse("""
                <j:testsuites xmlns:j="urn:example:junit" xmlns:a="urn:a">
                  <j:testsuite name="namespaced">
                    <j:testcase name="a"><j:failure message="m"/></j:testcase>
                    <testcase xmlns="urn:default" name="b"><skipped/></testcase>
                  </j:testsuite>
                </j:testsuites>
                """, sink);

        assertEquals(new ParseSummary(2, 0, 1, 0, 1, 0), summary);
        assertEquals("namespaced", sink.named("a").suite());
    }

    @Test
    void acceptsAnEmptySelfClosingRoot() throws Exception {
        assertEquals(ParseSummary.empty(), parse("<testsuite/>", new RecordingSink()));
        assertEquals(ParseSummary.empty(), parse("<?xml version=\"1.0\"?>\n<testsuites/>\n", new RecordingSink()));
    }

    @Test
    void emitsEachTestCaseBeforeReadingTheNextOne() {
        RecordingSink sink = new RecordingSink();
        InputStream brokenAfterTwo = new SequenceInputStream(
                utf8("<testsuite><testcase name=\"one\"/><testcase name=\"two\"><failure/></testcase>"),
                new FailingStream());

        IOException failure = assertThrows(IOException.class, () -> parser.parse(brokenAfterTwo, sink));

        assertEquals(FailingStream.MESSAGE, failure.getMessage(), "a failing source surfaces as itself");
        assertEquals(2, sink.testCases().size());
    }

    @Test
    void passesTheSinksExceptionThroughUnchanged() {
        IllegalStateException stop = new IllegalStateException("database is down");

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> parser.parse(utf8("<testsuite><testcase/></testsuite>"), testCase -> {
                    throw stop;
                }));

        assertSame(stop, thrown);
    }

    @Test
    void leavesTheCallersStreamOpen() throws Exception {
        CloseTrackingStream report = new CloseTrackingStream(utf8("<testsuite><testcase/></testsuite>"));

        parser.parse(report, new RecordingSink());

        assertFalse(report.closed);
    }

    @Test
    void rejectsAnEmptyBody() {
        ReportParseException rejection = assertRejected("", Kind.EMPTY);

        assertEquals("Report is empty", rejection.getMessage());
    }

    @Test
    void rejectsATruncatedDocumentWithLineAndColumn() {
        ReportParseException rejection = assertRejected("<testsuite>\n  <testcase name=\"a\">\n    <fail",
                Kind.NOT_WELL_FORMED);

        assertEquals(3, rejection.line());
        assertNotNull(rejection.column());
        assertTrue(rejection.getMessage().startsWith("Report is not well-formed XML at line 3, column "),
                rejection.getMessage());
    }

    @Test
    void rejectsContentAfterTheRootElement() {
        assertRejected("<testsuite/>\n<testsuite/>", Kind.NOT_WELL_FORMED);
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] latin1 = "<testsuite><testcase name=\"caf\u00e9\"/></testsuite>".getBytes(StandardCharsets.ISO_8859_1);

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(new ByteArrayInputStream(latin1), new RecordingSink()));

        assertEquals(Kind.NOT_WELL_FORMED, rejection.kind());
        assertEquals(1, rejection.line());
        assertEquals("Invalid byte 2 of 3-byte UTF-8 sequence.", rejection.detail());
    }

    @Test
    void explainsANamespaceErrorInWords() {
        ReportParseException rejection = assertRejected("<testsuite><x:testcase/></testsuite>", Kind.NOT_WELL_FORMED);

        assertEquals("namespace error ElementPrefixUnbound (x, x:testcase)", rejection.detail());
    }

    @Test
    void readsADeclaredLatin1Encoding() throws Exception {
        byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
                + "<testsuite><testcase name=\"caf\u00e9\"/></testsuite>")
                .getBytes(StandardCharsets.ISO_8859_1);
        RecordingSink sink = new RecordingSink();

        parser.parse(new ByteArrayInputStream(latin1), sink);

        assertEquals("caf\u00e9", sink.only().name());
    }

    @Test
    void rejectsARootThatIsNotJunit() {
        ReportParseException rejection = assertRejected("<suites><suite><case name=\"x\"/></suite></suites>",
                Kind.NOT_JUNIT);

        assertEquals("Report is not JUnit XML at line 1, column 9: the root element is <suites>, expected"
                + " <testsuites> or <testsuite>", rejection.getMessage());
    }

    @Test
    void rejectsADoctype() {
        ReportParseException rejection = assertRejected("""
                <?xml version="1.0"?>
                <!DOCTYPE testsuites>
                <testsuites/>
                """, Kind.INVALID);

        assertNotNull(rejection.line());
        assertTrue(rejection.getMessage().contains("DOCTYPE"), rejection.getMessage());
    }

    @Test
    void neverLoadsExternalEntities(@TempDir Path folder) throws Exception {
        Path secret = folder.resolve("secret.txt");
        Files.writeString(secret, "SECRET-CONTENT");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(200);
            String probe = """
                    <?xml version="1.0"?>
                    <!DOCTYPE testsuite [
                      <!ENTITY %% remote SYSTEM "http://127.0.0.1:%d/evil.dtd">
                      %%remote;
                      <!ENTITY local SYSTEM "%s">
                    ]>
                    <testsuite><testcase name="&local;"/></testsuite>
                    """.formatted(listener.getLocalPort(), secret.toUri());
            RecordingSink sink = new RecordingSink();

            ReportParseException rejection = assertThrows(ReportParseException.class,
                    () -> parser.parse(utf8(probe), sink));

            assertEquals(Kind.INVALID, rejection.kind());
            assertTrue(sink.testCases().isEmpty(), "nothing may be emitted, least of all the file's content");
            // The parse is over; had it fetched the DTD, the connection would be waiting here.
            assertThrows(SocketTimeoutException.class, listener::accept, "the parser opened a connection");
        }
    }

    @Test
    void rejectsTheBillionLaughs() {
        StringBuilder laughs = new StringBuilder(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol0 \"lol\">\n");
        for (int level = 1; level <= 9; level++) {
            laughs.append(" <!ENTITY lol").append(level).append(" \"")
                    .append(("&lol" + (level - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        laughs.append("]>\n<testsuite><testcase name=\"&lol9;\"/></testsuite>");

        assertRejected(laughs.toString(), Kind.INVALID);
    }

    @Test
    void rejectsAbsurdNesting() {
        String deep = "<testsuite>".repeat(1000) + "</testsuite>".repeat(1000);

        ReportParseException rejection = assertRejected(deep, Kind.INVALID);

        assertTrue(rejection.getMessage().startsWith("Report exceeds a safety limit of the XML parser"),
                rejection.getMessage());
    }

    @Test
    void rejectsATokenTheParserWouldHaveToBufferWhole() {
        long commentBytes = JunitXmlParser.MAX_TOKEN_BYTES + 1024;
        InputStream hugeComment = new SequenceInputStream(utf8("<testsuite><!--"),
                new SequenceInputStream(new RepeatedByteStream('x', commentBytes), utf8("--></testsuite>")));

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(hugeComment, new RecordingSink()));

        assertEquals(Kind.TOO_LARGE, rejection.kind());
    }

    private ReportParseException assertRejected(String report, Kind kind) {
        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(utf8(report), new RecordingSink()));
        assertEquals(kind, rejection.kind(), rejection.getMessage());
        return rejection;
    }

    private ParsedTestCase parseOne(String report) throws Exception {
        return parseOne(parser, report);
    }

    private static ParsedTestCase parseOne(JunitXmlParser parser, String report) throws Exception {
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

    /** A source that fails the way a dropped connection does. */
    private static final class FailingStream extends InputStream {

        static final String MESSAGE = "connection reset";

        @Override
        public int read() throws IOException {
            throw new IOException(MESSAGE);
        }
    }

    private static final class CloseTrackingStream extends FilterInputStream {

        private boolean closed;

        CloseTrackingStream(InputStream source) {
            super(source);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
