package dev.greenboard.metrics.disabled;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test as the disabled list names it: {@code "<name> (__main__.<Class>)"}, the key of PyTorch's
 * {@code disabled-tests-condensed.json}. PyTorch runs every test file as {@code __main__}, so its keys always say
 * {@code __main__}; a title that names the real module ({@code test_ops.TestCommon}) or none ({@code TestCommon}) gets
 * the same key, and the class is matched against the last dotted part of a test's reported class.
 *
 * @param name the test method, e.g. {@code test_add_cuda}
 * @param className the class without its module, e.g. {@code TestCommonCUDA}
 */
public record DisabledTestKey(String name, String className) {

    /** {@code <name> (<module>.<Class>)} or {@code <name> (<Class>)}, as PyTorch's tooling reads it. */
    private static final Pattern TEST = Pattern.compile("^\\s*([^\\s()]+)\\s+\\(([A-Za-z0-9_.\\-]+)\\)");

    /** The key, e.g. {@code test_add_cuda (__main__.TestCommonCUDA)}. */
    public String key() {
        return name + " (__main__." + className + ")";
    }

    /**
     * Reads a test from the start of {@code text}; text after the closing parenthesis is ignored (titles often add a
     * note). Empty when the text does not start with a test.
     */
    public static Optional<DisabledTestKey> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = TEST.matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String suite = matcher.group(2);
        String className = suite.substring(suite.lastIndexOf('.') + 1);
        if (className.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DisabledTestKey(matcher.group(1), className));
    }
}
