package dev.greenboard.ingest.report.parse;

/**
 * How many test cases a report held, by status. {@code tests} counts the test cases actually read (one per
 * {@code <testcase>} element or JSON line); counts that a report claims about itself are never used.
 */
public record ParseSummary(long tests, long passed, long failed, long errors, long skipped, long flaky) {

    private static final ParseSummary EMPTY = new ParseSummary(0, 0, 0, 0, 0, 0);

    public ParseSummary {
        if (tests < 0 || passed < 0 || failed < 0 || errors < 0 || skipped < 0 || flaky < 0) {
            throw new IllegalArgumentException("ParseSummary counts must not be negative");
        }
    }

    public static ParseSummary empty() {
        return EMPTY;
    }

    public ParseSummary plus(ParseSummary other) {
        return new ParseSummary(tests + other.tests, passed + other.passed, failed + other.failed,
                errors + other.errors, skipped + other.skipped, flaky + other.flaky);
    }
}
