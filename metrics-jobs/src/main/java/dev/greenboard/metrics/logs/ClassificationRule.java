package dev.greenboard.metrics.logs;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * One way a failed job's log is recognized: a name, an RE2 pattern matched against each line (found anywhere in it),
 * and a priority; the matching rule of the highest priority names the failure. A pattern with a group captures that
 * group (a test's name, an exception's type), else the whole line: failures are grouped by rule and capture.
 */
public record ClassificationRule(String name, Pattern pattern, int priority) {

    /**
     * A rule from configuration text; a pattern that is not valid RE2 is refused with a message that names the rule
     * and the setting it came from.
     */
    public static ClassificationRule of(String name, String pattern, int priority) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,100}")) {
            throw new IllegalArgumentException("Log classification rule name [" + name
                    + "] must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("Log classification rule [" + name + "] has no pattern (set "
                    + "greenboard.log-classification.rules.\"" + name + "\".pattern)");
        }
        try {
            return new ClassificationRule(name, Pattern.compile(pattern), priority);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Log classification rule [" + name + "] has a pattern that is not valid"
                    + " RE2 (greenboard.log-classification.rules.\"" + name + "\".pattern): " + e.getMessage(), e);
        }
    }
}
