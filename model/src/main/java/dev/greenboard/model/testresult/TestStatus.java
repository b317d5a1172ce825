package dev.greenboard.model.testresult;

/**
 * The outcome of one executed test case. The numeric code is what {@code test_result.status} stores, so the order of
 * the constants must never change.
 */
public enum TestStatus {

    PASSED(0),
    FAILED(1),
    ERROR(2),
    SKIPPED(3),
    /** Failed at first, then passed when rerun inside the same job. */
    FLAKY(4);

    private final short code;

    TestStatus(int code) {
        this.code = (short) code;
    }

    public short code() {
        return code;
    }

    public static TestStatus fromCode(int code) {
        for (TestStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown test status code[" + code + "]");
    }

    /** Parses a status as JSON-lines reports spell it, ignoring case. Returns null when unknown. */
    public static TestStatus parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "passed", "pass", "success", "ok" -> PASSED;
            case "failed", "fail", "failure" -> FAILED;
            case "error", "errored" -> ERROR;
            case "skipped", "skip", "notrun", "disabled", "suppressed", "xfail" -> SKIPPED;
            case "flaky" -> FLAKY;
            default -> null;
        };
    }
}
