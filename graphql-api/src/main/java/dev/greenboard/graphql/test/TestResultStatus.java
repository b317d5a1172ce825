package dev.greenboard.graphql.test;

import dev.greenboard.model.test.TestStatus;

/** GraphQL's name for a test case outcome; the same constants as the stored {@link TestStatus}. */
public enum TestResultStatus {

    PASSED, FAILED, ERROR, SKIPPED, FLAKY;

    static TestResultStatus ofCode(int code) {
        return valueOf(TestStatus.fromCode(code).name());
    }
}
