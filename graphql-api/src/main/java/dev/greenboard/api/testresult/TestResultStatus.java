package dev.greenboard.api.testresult;

import dev.greenboard.model.testresult.TestStatus;

/** GraphQL's name for a test case outcome; the same constants as the stored {@link TestStatus}. */
public enum TestResultStatus {

    PASSED, FAILED, ERROR, SKIPPED, FLAKY;

    static TestResultStatus ofCode(int code) {
        return valueOf(TestStatus.fromCode(code).name());
    }
}
