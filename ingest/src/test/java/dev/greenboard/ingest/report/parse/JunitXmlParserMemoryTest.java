package dev.greenboard.ingest.report.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.greenboard.model.testresult.TestStatus;

/**
 * Parses a report larger than the test heap (Surefire runs this module with -Xmx256m): about 320 MB of XML with
 * 250,000 test cases, a few hundred long failures and one 256 MiB stack trace. It can only pass if the parser keeps
 * neither the document, nor the test cases, nor whole texts.
 */
class JunitXmlParserMemoryTest {

    private static final int TEST_CASES = 250_000;

    @Test
    void parsesAReportLargerThanTheHeapOneTestCaseAtATime() throws Exception {
        ParseLimits limits = ParseLimits.defaults();
        CheckingSink sink = new CheckingSink(limits);
        GeneratedJunitReport report = new GeneratedJunitReport(TEST_CASES);

        ParseSummary summary = new JunitXmlParser(limits).parse(report, sink);

        assertTrue(report.bytesProduced() > Runtime.getRuntime().maxMemory(),
                "the report must be larger than the heap to prove anything: " + report.bytesProduced()
                        + " bytes against a heap of " + Runtime.getRuntime().maxMemory());
        // Of 0..249,999: 250 have i % 1000 == 999, 2,500 have i % 100 == 0, 50 have i % 5000 == 1, and
        // test 123,456 (otherwise a pass) is the huge error.
        assertEquals(new ParseSummary(TEST_CASES, 247_199, 250, 1, 2_500, 50), summary);
        assertEquals(TEST_CASES, sink.count);
        assertNearlyFull(limits.maxFailureTextChars(), sink.hugeErrorTextLength);
        assertNearlyFull(limits.maxMessageChars(), sink.longestMessage);
    }

    /** A cut text fills its limit, less any whitespace stripped before the cut mark. */
    private static void assertNearlyFull(int limit, int length) {
        assertTrue(length <= limit && length > limit - 64, "length " + length + " for limit " + limit);
    }

    /** Counts, and checks each test case as it passes, keeping nothing. */
    private static final class CheckingSink implements TestCaseSink {

        private final ParseLimits limits;
        private int count;
        private int longestMessage;
        private int hugeErrorTextLength;

        CheckingSink(ParseLimits limits) {
            this.limits = limits;
        }

        @Override
        public void accept(ParsedTestCase testCase) {
            int index = count++;
            assertEquals("test" + index, testCase.name(), "test cases arrive in report order");
            assertEquals("generated", testCase.suite());
            if (testCase.message() != null) {
                longestMessage = Math.max(longestMessage, testCase.message().length());
                assertTrue(testCase.message().length() <= limits.maxMessageChars());
            }
            if (testCase.failureText() != null) {
                assertTrue(testCase.failureText().length() <= limits.maxFailureTextChars());
            }
            if (index == GeneratedJunitReport.HUGE_ERROR_INDEX) {
                assertEquals(TestStatus.ERROR, testCase.status());
                assertTrue(testCase.failureText().endsWith(String.valueOf(BoundedText.CUT_MARK)));
                hugeErrorTextLength = testCase.failureText().length();
            } else if (GeneratedJunitReport.fails(index)) {
                assertEquals(TestStatus.FAILED, testCase.status());
            }
        }
    }
}
