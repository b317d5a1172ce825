package dev.greenboard.metrics.logs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.google.re2j.Matcher;

/**
 * Names the failure in a log: of the rules that match some line, the one of the highest priority wins (equal
 * priorities: the first by name), with the first line it matched. Lines are tested only against rules that could
 * still win, and reading stops once the highest rule of all has matched.
 */
public final class LogClassifier {

    private final List<ClassificationRule> rules;
    private final int maxChars;

    public LogClassifier(List<ClassificationRule> rules, int maxChars) {
        Set<String> names = new HashSet<>();
        for (ClassificationRule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("Two log classification rules are named [" + rule.name() + "]");
            }
        }
        List<ClassificationRule> ordered = new ArrayList<>(rules);
        ordered.sort(Comparator.comparingInt(ClassificationRule::priority).reversed()
                .thenComparing(ClassificationRule::name));
        this.rules = List.copyOf(ordered);
        this.maxChars = Math.max(20, maxChars);
    }

    /** The rules, highest priority first. */
    public List<ClassificationRule> rules() {
        return rules;
    }

    /** The failure the log's lines show, or empty when no rule matches any of them. */
    Optional<Classification> classify(LogLines lines) throws IOException {
        Classification best = null;
        int bestIndex = rules.size();
        String line;
        while (bestIndex > 0 && (line = lines.next()) != null) {
            for (int i = 0; i < bestIndex; i++) {
                Matcher matcher = rules.get(i).pattern().matcher(line);
                if (matcher.find()) {
                    String captured = matcher.groupCount() >= 1 && matcher.group(1) != null
                            ? matcher.group(1)
                            : line;
                    best = new Classification(rules.get(i).name(), cut(captured.strip()), cut(line.strip()),
                            lines.lineNumber());
                    bestIndex = i;
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Text cut to the configured length, at a code point boundary, with an ellipsis when cut. */
    String cut(String text) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
