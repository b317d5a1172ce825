package dev.greenboard.ingest.report.parse;

import java.util.ArrayList;
import java.util.List;

/** Keeps every test case a parser emits, for tests on small reports. */
final class RecordingSink implements TestCaseSink {

    private final List<ParsedTestCase> testCases = new ArrayList<>();

    @Override
    public void accept(ParsedTestCase testCase) {
        testCases.add(testCase);
    }

    List<ParsedTestCase> testCases() {
        return testCases;
    }

    ParsedTestCase only() {
        if (testCases.size() != 1) {
            throw new AssertionError("expected exactly one test case, got " + testCases.size() + ": " + testCases);
        }
        return testCases.get(0);
    }

    ParsedTestCase named(String name) {
        return testCases.stream()
                .filter(testCase -> testCase.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no test case named[" + name + "] in " + testCases));
    }

    /** The summary that the emitted test cases add up to, to check it against the one the parser returned. */
    ParseSummary tally() {
        StatusTally tally = new StatusTally();
        testCases.forEach(testCase -> tally.add(testCase.status()));
        return tally.toSummary();
    }
}
