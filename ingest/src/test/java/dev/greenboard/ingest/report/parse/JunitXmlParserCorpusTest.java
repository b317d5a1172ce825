package dev.greenboard.ingest.report.parse;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.greenboard.ingest.report.parse.ReportParseException.Kind;
import dev.greenboard.model.testresult.TestStatus;

/**
 * Every file of the shared JUnit corpus, with counts worked out by hand from the XML. A file without a row fails
 * {@link #everyCorpusFileHasExactlyOneRow()}, so the table grows with the corpus.
 */
class JunitXmlParserCorpusTest {

    private static final String DORNY = "dorny+test-reporter/";
    private static final String ENRICO = "EnricoMi+publish-unit-test-result-action/";
    private static final String GOTESTSUM = "gotestyourself+gotestsum/";
    private static final String JENKINS = "jenkinsci+junit-plugin/";
    private static final String GO_JUNIT = "jstemmer+go-junit-report/";
    private static final String MIKEPENZ = "mikepenz+action-junit-report/";
    private static final String XUNIT = "jenkinsci+xunit-plugin/";

    private static final int CORPUS_FILE_COUNT = 56;

    /** Columns: tests, passed, failed, errors, skipped, flaky. */
    private static final List<Counted> COUNTED = List.of(
            counted(DORNY + "empty/java-junit.xml", 0, 0, 0, 0, 0, 0),
            counted(DORNY + "empty/jest-junit.xml", 0, 0, 0, 0, 0, 0),
            // Root <testsuites/>, self-closing, no attributes.
            counted(DORNY + "empty/phpunit-empty.xml", 0, 0, 0, 0, 0, 0),
            // 808 testcases in 176 suites: one <failure> (testVersionStrings), 14 <skipped/>.
            counted(DORNY + "external/java/pulsar-test-report.xml", 808, 793, 1, 0, 14, 0),
            // Two suites: 1 passed + 3 bodies-only <failure>; 1 failure + 1 <skipped/>. Root says tests=6 too.
            counted(DORNY + "jest-junit.xml", 6, 1, 4, 0, 1, 0),
            // status="run" is not a skip status; root tests=1 vs suite tests=6: neither is trusted.
            counted(DORNY + "junit-with-message.xml", 1, 0, 1, 0, 0, 0),
            // 65 .phpt cases: 3 <skipped/>, 1 <failure> (Runner.multiple-fails).
            counted(DORNY + "nette-tester/tester-v1.7-report.xml", 65, 61, 1, 0, 3, 0),
            // 12 .phpt cases, 2 with <failure>.
            counted(DORNY + "phpunit/phpunit.xml", 12, 10, 2, 0, 0, 0),
            // 10 cases (the suite says 15): skip + xfail are <skipped>, test_error is a <failure>, not an <error>.
            counted(DORNY + "python-xunit-pytest.xml", 10, 6, 2, 0, 2, 0),
            // test_always_skip has no <skipped> child, so it counts as passed.
            counted(DORNY + "swift-xunit.xml", 3, 2, 1, 0, 0, 0),
            // <testcase status="run"> with an <error> child.
            counted(ENRICO + "junit-xml/bazel/suite-logs.xml", 1, 0, 0, 1, 0, 0),
            // One testcase each: skipped+failure+error -> error, skipped+failure -> failed, skipped, passed.
            counted(ENRICO + "junit-xml/junit.multiresult.xml", 4, 1, 1, 1, 1, 0),
            // 109 self-closing testcases, duplicate names included; no result elements at all.
            counted(ENRICO + "junit-xml/mocha/latex-utensils.xml", 109, 109, 0, 0, 0, 0),
            counted(ENRICO + "junit-xml/no-attributes.xml", 4, 1, 1, 1, 1, 0),
            // The suite claims tests=6 failures=1 skipped=2 but holds no <testcase>.
            counted(ENRICO + "junit-xml/no-cases-but-tests.xml", 0, 0, 0, 0, 0, 0),
            // Whole document on one line: 97 testcases, 17 with <skipped>.
            counted(ENRICO + "junit-xml/pytest/junit.gloo.standalone.xml", 97, 80, 0, 0, 17, 0),
            counted(ENRICO + "junit-xml/scalatest/TEST-uk.co.gresearch.spark.diff.DiffOptionsSuite.xml", 5, 5, 0, 0, 0,
                    0),
            // Cases at depths 2, 3 and 4 under <testsuites>: 2 + 1 + 1 + 1.
            counted(ENRICO + "junit-xml/testsuite-in-testsuite.xml", 5, 5, 0, 0, 0, 0),
            counted(ENRICO + "junit-xml/testsuite-root.xml", 5, 5, 0, 0, 0, 0),
            // factorial: 6 passed, 5 failed, 1 errored, 5 status='disabled'; failing_checks: 14 failed.
            counted(ENRICO + "junit-xml/tst/disabled.xml", 31, 6, 19, 1, 5, 0),
            counted(ENRICO + "junit-xml/unsupported-unicode.xml", 7, 1, 2, 2, 2, 0),
            counted(ENRICO + "junit-xml/with-xml-entities.xml", 4, 0, 1, 1, 2, 0),
            // xmlns:a/xmlns:b on the root; 5 <failure>, one <skipped message="">.
            counted(ENRICO + "trx/xunit/dotnet-trx.junit-xml", 11, 5, 5, 0, 1, 0),
            // 5 packages: badmain 1 failed; empty none; good 16+2 skipped; parallelfails 8 failed + 4;
            // withfails 4 failed, 3 skipped, 22 passed. The root says tests=59 errors=1.
            counted(GOTESTSUM + "junitxml-report.golden", 60, 42, 13, 0, 5, 0),
            counted(JENKINS + "JENKINS-48583/TESTS-TestSuites.xml", 3, 3, 0, 0, 0, 0),
            counted(JENKINS + "SKIPPED_MESSAGE/skippedTestResult.xml", 1, 0, 0, 0, 1, 0),
            counted(JENKINS + "TEST-null.xml", 1, 0, 0, 1, 0, 0),
            // <failure> plus 3 <rerunFailure>: still failing after the reruns, so failed, not flaky.
            counted(JENKINS + "gh-237/TEST-io.olamy.AlwaysFailTest.xml", 1, 0, 1, 0, 0, 0),
            // Two <flakyFailure> and no <failure>: passed on rerun.
            counted(JENKINS + "gh-237/TEST-io.olamy.FlakyTest.xml", 1, 0, 0, 0, 0, 1),
            // The same name twice is two test cases.
            counted(JENKINS + "junit-report-bad-duration.xml", 2, 2, 0, 0, 0, 0),
            counted(JENKINS + "junit-report-empty-testcasename.xml", 1, 0, 1, 0, 0, 0),
            // 7580 testcases: 2430 <skipped>, 18 <failure> alone, 1 <failure> + 3 <rerunFailure>,
            // 1 with two <flakyFailure>; no status attributes.
            counted(JENKINS + "junit-report-huge.xml", 7580, 5130, 19, 0, 2430, 1),
            // The <error> directly inside suite test.3rdlevel is not a test case; the root says tests=186.
            counted(JENKINS + "junit-report-nested-testsuites.xml", 2, 2, 0, 0, 0, 0),
            counted(JENKINS + "junit-report-testsuite-various-timestamps.xml", 12, 12, 0, 0, 0, 0),
            // Two suites of the same name stay two suites; 2 + 1 cases.
            counted(JENKINS + "junit-report-time-aggregation.xml", 3, 3, 0, 0, 0, 0),
            counted(JENKINS + "junit-report-with-properties.xml", 2, 1, 1, 0, 0, 0),
            // 24 cases: Fails with two <failure> is one failed test; DISABLED_* (status="notrun",
            // result="suppressed") and result="skipped" are skipped.
            counted(XUNIT + "googletest/testcase4/input.xml", 24, 17, 4, 0, 3, 0),
            counted(GO_JUNIT + "001-report.xml", 5, 2, 1, 0, 2, 0),
            // Subtests are flat testcases; the failing parent with an empty <failure> counts too.
            counted(GO_JUNIT + "012-report.xml", 11, 6, 4, 0, 1, 0),
            // [build failed] and [setup failed] are synthetic testcases with <error>.
            counted(GO_JUNIT + "013-report.xml", 5, 2, 0, 3, 0, 0),
            counted(MIKEPENZ + "catch2/report.xml", 1, 0, 1, 0, 0, 0),
            // <testsuite> without attributes; the root's tests=8 is wrong.
            counted(MIKEPENZ + "container-structure/test.xml", 3, 3, 0, 0, 0, 0),
            counted(MIKEPENZ + "cunit/testFailure.xml", 4, 3, 1, 0, 0, 0),
            // The same test emitted three times (2 failures, 1 error) is three test cases.
            counted(MIKEPENZ + "flaky_retries/flaky_all_failures.xml", 3, 0, 2, 1, 0, 0),
            // 10 status='disabled', 4 <failure>, 2 <error>, 6 passed.
            counted(MIKEPENZ + "issues/testDisabled.xml", 22, 6, 4, 2, 10, 0),
            counted(MIKEPENZ + "maven_surefire_flaky/surefire-report.xml", 1, 0, 0, 0, 0, 1),
            // The suite names claim 2 and 27 tests; there are 2 and 1 testcases.
            counted(MIKEPENZ + "nested/multi-level.xml", 3, 3, 0, 0, 0, 0),
            counted(MIKEPENZ + "nextest/basic.xml", 3, 2, 1, 0, 0, 0),
            counted(MIKEPENZ
                    + "tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.StringUtilsTest.xml", 5, 2,
                    2, 0, 1, 0));

    private static final List<Rejected> REJECTED = List.of(
            rejected(ENRICO + "xml/empty.xml", Kind.EMPTY, false),
            rejected(ENRICO + "xml/non-xml.xml", Kind.NOT_WELL_FORMED, true),
            // Ends inside <skipped>.
            rejected(ENRICO + "junit-xml/pytest/corrupt-xml.xml", Kind.NOT_WELL_FORMED, true),
            // Ends inside an unclosed CDATA section in <system-out>.
            rejected(MIKEPENZ + "corrupt-junit/e2e-tests/corrupt/target/sf-reports/TEST-test.CorruptTest.xml",
                    Kind.NOT_WELL_FORMED, true),
            // time="<<computed>>": '<' is not allowed in an attribute value.
            rejected(MIKEPENZ + "junit-web-test/expectedRetries.xml", Kind.NOT_WELL_FORMED, true),
            // DOCTYPE with an external parameter entity: refused before anything could be resolved.
            rejected(JENKINS + "testXxe-xxe.xml", Kind.INVALID, true),
            // <suites>/<suite>/<case>: well-formed, not JUnit.
            rejected(ENRICO + "junit-xml/non-junit.xml", Kind.NOT_JUNIT, true));

    private final JunitXmlParser parser = new JunitXmlParser();

    static Stream<Counted> countedFiles() {
        return COUNTED.stream();
    }

    static Stream<Rejected> rejectedFiles() {
        return REJECTED.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("countedFiles")
    void countsEachTestCaseOfTheFile(Counted file) throws Exception {
        RecordingSink sink = new RecordingSink();

        ParseSummary summary = parse(file.path(), sink);

        assertEquals(file.expected(), summary, file.path());
        assertEquals(summary, sink.tally(), "the sink saw other test cases than the summary counts");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedFiles")
    void rejectsTheFileWithItsKindAndPlace(Rejected file) {
        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parse(file.path(), new RecordingSink()));

        assertEquals(file.kind(), rejection.kind(), rejection.getMessage());
        assertTrue(rejection.getMessage().startsWith("Report "), rejection.getMessage());
        if (file.located()) {
            assertNotNull(rejection.line(), rejection.getMessage());
            assertNotNull(rejection.column(), rejection.getMessage());
            assertTrue(rejection.getMessage().contains(" at line " + rejection.line() + ", column "),
                    rejection.getMessage());
        }
    }

    @Test
    void everyCorpusFileHasExactlyOneRow() {
        List<String> files = CorpusFiles.junitFiles();
        Set<String> rows = new TreeSet<>();
        Stream.concat(COUNTED.stream().map(Counted::path), REJECTED.stream().map(Rejected::path))
                .forEach(path -> assertTrue(rows.add(path), "two rows for " + path));

        assertAll(() -> assertEquals(CORPUS_FILE_COUNT, files.size(), "files under " + CorpusFiles.junitDirectory()),
                () -> assertEquals(new TreeSet<>(files), rows, "corpus files and table rows differ"));
    }

    @Test
    void keepsSurefireRerunsAsCountsOnTheTestCase() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse(JENKINS + "junit-report-huge.xml", sink);

        Map<TestStatus, Integer> rerunsByStatus = sink.testCases().stream()
                .filter(testCase -> testCase.rerunCount() > 0)
                .collect(Collectors.toMap(ParsedTestCase::status, ParsedTestCase::rerunCount));
        assertEquals(Map.of(TestStatus.FLAKY, 2, TestStatus.FAILED, 3), rerunsByStatus);
        ParsedTestCase first = sink.testCases().get(0);
        // time="-4416.24...": negative durations are dropped, see ParsedTestCase.
        assertNull(first.durationSeconds());
        assertEquals("", first.suite(), "the huge file's <testsuite> has no name");
        assertEquals("failure message 0", first.message());
        assertEquals(Map.of("prop1", "value1", "multiline", "Config line 1\n"
                + "                              Config line 2\n"
                + "                              Config line 3"), first.properties());
    }

    @Test
    void readsFlakyTextFromTheStackTraceNotFromTheRerunsOutput() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse(MIKEPENZ + "maven_surefire_flaky/surefire-report.xml", sink);

        ParsedTestCase flaky = sink.only();
        assertEquals(TestStatus.FLAKY, flaky.status());
        assertEquals(1, flaky.rerunCount());
        assertEquals("Expected: <false>\n     but: was <true>", flaky.message());
        assertTrue(flaky.failureText().startsWith("java.lang.AssertionError: \n\nExpected: <false>"),
                flaky.failureText());
        assertTrue(flaky.failureText().endsWith("at java.base/java.util.ArrayList.forEach(ArrayList.java:1596)"),
                flaky.failureText());
    }

    @Test
    void keepsTestcasePropertiesWithTextBodiesButNotSuiteProperties() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse(JENKINS + "junit-report-with-properties.xml", sink);

        assertEquals(Map.of("description", "description of test testCaseA"), sink.named("testCaseA").properties());
        assertEquals(Map.of(), sink.named("testCaseZ").properties());
        assertEquals("expected: [a] but was: [b]", sink.named("testCaseA").message());
        assertEquals("org.junit.ComparisonFailure: expected: [a] but was: [b]", sink.named("testCaseA").failureText());
    }

    @Test
    void namesTheInnermostSuiteAndIgnoresASuiteLevelError() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse(JENKINS + "junit-report-nested-testsuites.xml", sink);

        assertEquals(List.of("test.fs.FileSystemTest", "test.db.DatabaseTest"),
                sink.testCases().stream().map(ParsedTestCase::suite).toList());
        assertTrue(sink.testCases().stream().allMatch(testCase -> testCase.status() == TestStatus.PASSED));
    }

    @Test
    void keepsCarriageReturnsOfDotNetMessages() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse(ENRICO + "trx/xunit/dotnet-trx.junit-xml", sink);

        ParsedTestCase failing = sink.named("Failing_Test");
        assertEquals("Assert.Equal() Failure\r\nExpected: 3\r\nActual:   2", failing.message());
        assertTrue(failing.failureText().startsWith("Assert.Equal() Failure\r\nExpected: 3\r\n"),
                failing.failureText());
        assertNull(sink.named("Skipped_Test").message(), "an empty message attribute is no message");
    }

    @Test
    void keepsFourByteCharactersWhole() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse(ENRICO + "junit-xml/unsupported-unicode.xml", sink);

        ParsedTestCase first = sink.testCases().get(0);
        assertEquals("test 1 헴䜝헱홐㣇㿷䔭𒍺𡓿𠄉㦓", first.name());
        assertEquals(3, first.name().codePoints().filter(Character::isSupplementaryCodePoint).count(),
                "three characters outside the Basic Multilingual Plane");
        assertEquals("Some unsupported unicode characters: 헴䜝헱홐㣇㿷䔭𒍺𡓿𠄉㦓", sink.named("test 4").message());
        assertEquals("test/test-4.py", sink.named("test 4").file());
    }

    @Test
    void readsDurationsAsWritten() throws Exception {
        RecordingSink cunit = new RecordingSink();
        RecordingSink containers = new RecordingSink();
        RecordingSink badDuration = new RecordingSink();

        parse(MIKEPENZ + "cunit/testFailure.xml", cunit);
        parse(MIKEPENZ + "container-structure/test.xml", containers);
        parse(JENKINS + "junit-report-bad-duration.xml", badDuration);

        assertEquals(1.7e-05, cunit.named("DefaultCtor_When_ShouldTest").durationSeconds());
        assertEquals(999638317.0, containers.named("Command Test: apt-get upgrade").durationSeconds(),
                "absurd but parsable durations are kept");
        assertNull(badDuration.testCases().get(0).durationSeconds(), "time='-345345'");
        assertEquals(100.0, badDuration.testCases().get(1).durationSeconds());
    }

    @Test
    void keepsAnEmptyTestName() throws Exception {
        RecordingSink sink = new RecordingSink();

        parse(JENKINS + "junit-report-empty-testcasename.xml", sink);

        assertEquals("", sink.only().name());
        assertEquals("test.TestJUnit5FailingInBeforeAll", sink.only().classname());
    }

    private ParseSummary parse(String path, TestCaseSink sink) throws IOException, ReportParseException {
        try (InputStream report = Files.newInputStream(CorpusFiles.junit(path))) {
            return parser.parse(report, sink);
        }
    }

    private static Counted counted(String path, long tests, long passed, long failed, long errors, long skipped,
            long flaky) {
        return new Counted(path, new ParseSummary(tests, passed, failed, errors, skipped, flaky));
    }

    private static Rejected rejected(String path, Kind kind, boolean located) {
        return new Rejected(path, kind, located);
    }

    record Counted(String path, ParseSummary expected) {

        @Override
        public String toString() {
            return path;
        }
    }

    record Rejected(String path, Kind kind, boolean located) {

        @Override
        public String toString() {
            return path + " -> " + kind;
        }
    }
}
