package dev.greenboard.ingest.report.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.greenboard.model.testresult.TestStatus;

/**
 * One test case as a report describes it, before it is tied to a repository, commit or job.
 *
 * @param suite name of the innermost enclosing {@code <testsuite>}, "" when there is none or it has no name
 * @param file the test case's {@code file} attribute (or JSON {@code file}), null when absent
 * @param classname "" when absent
 * @param name "" when absent (JUnit XML allows empty names; JSON lines must name every test case)
 * @param status decided as in docs/definitions.md "Report status": error, failure, flaky, skipped, passed, in that order of precedence
 * @param durationSeconds the {@code time} attribute (or JSON {@code duration_s}) in seconds. Null when missing, not
 *        a plain decimal number, NaN or infinite, and also when negative: a negative duration is a clock artefact
 *        (the corpus has {@code time="-345345"}), and keeping it would subtract from every sum of test times.
 *        Huge values are kept as given, because no cut-off would be right for every project.
 * @param rerunCount how many Surefire {@code rerunFailure}, {@code rerunError}, {@code flakyFailure} and
 *        {@code flakyError} children the test case has (JSON: {@code rerun_count})
 * @param message the message of the element that decided the status: its {@code message} attribute, else its
 *        text; null when there is none, cut to {@link ParseLimits#maxMessageChars()}
 * @param failureText the body of that element (Surefire's {@code <stackTrace>} child when present), null when
 *        there is none, cut to {@link ParseLimits#maxFailureTextChars()}
 * @param properties testcase-level {@code <property>} values (the {@code value} attribute, else the text body),
 *        or a JSON line's extra keys; never null, in report order
 */
public record ParsedTestCase(String suite, String file, String classname, String name, TestStatus status,
        Double durationSeconds, int rerunCount, String message, String failureText, Map<String, String> properties) {

    /**
     * Plain decimal notation only: Java would also accept hex floats, "Infinity" and "1.5f", which no report means.
     * Possessive quantifiers and a length cap keep a hostile attribute from making the match backtrack.
     */
    private static final Pattern DECIMAL_SECONDS = Pattern
            .compile("[+-]?+(?:\\d++\\.?+\\d*+|\\.\\d++)(?:[eE][+-]?+\\d++)?+");
    private static final int MAX_SECONDS_TEXT_LENGTH = 64;

    public ParsedTestCase {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(classname, "classname");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        if (rerunCount < 0) {
            throw new IllegalArgumentException("rerunCount must not be negative, got[" + rerunCount + "]");
        }
        durationSeconds = durationSeconds == null ? null : usableSeconds(durationSeconds);
        properties = properties == null || properties.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Reads a duration the way reports write it; anything unusable becomes null rather than an error (docs/definitions.md "Report status"). */
    static Double parseSeconds(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_SECONDS_TEXT_LENGTH || !DECIMAL_SECONDS.matcher(trimmed).matches()) {
            return null;
        }
        return usableSeconds(Double.parseDouble(trimmed));
    }

    static Double usableSeconds(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0) {
            return null;
        }
        // Folds -0.0 into 0.0 so equal durations compare equal.
        return seconds + 0.0;
    }
}
