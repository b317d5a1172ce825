package dev.greenboard.ingest.report.parse;

import dev.greenboard.model.testresult.TestStatus;

/** Counts test cases by status while a report streams past; a mutable twin of {@link ParseSummary}. */
final class StatusTally {

    private long tests;
    private long passed;
    private long failed;
    private long errors;
    private long skipped;
    private long flaky;

    void add(TestStatus status) {
        tests++;
        switch (status) {
            case PASSED -> passed++;
            case FAILED -> failed++;
            case ERROR -> errors++;
            case SKIPPED -> skipped++;
            case FLAKY -> flaky++;
        }
    }

    ParseSummary toSummary() {
        return new ParseSummary(tests, passed, failed, errors, skipped, flaky);
    }
}
