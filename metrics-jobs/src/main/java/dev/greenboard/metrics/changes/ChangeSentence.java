package dev.greenboard.metrics.changes;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Says a change in one sentence, for a chart annotation or an alert. The caller knows what the series is and says
 * it once; the same sentence then describes each of its changes:
 *
 * <pre>
 * ChangeSentence.relative("job X", MetricUnit.SECONDS)                         → job X got 35% slower on Dec 3 (p = 0.001)
 * ChangeSentence.levels("queue time on runner linux.2xlarge", MetricUnit.SECONDS) → ... rose from 42 s to 3.1 min on Dec 3 (p = 0.003)
 * ChangeSentence.levels("red % on main", MetricUnit.RATIO).withoutPValue()      → red % on main rose from 4% to 19% on Dec 3
 * </pre>
 *
 * @param subject what moved, as it should start the sentence
 * @param unit of the series' values
 * @param wording by how much it moved, or from which level to which
 * @param showsPValue whether the sentence ends with the p-value
 */
public record ChangeSentence(String subject, MetricUnit unit, Wording wording, boolean showsPValue) {

    public enum Wording {
        /** "rose from 42 s to 3.1 min" */
        LEVELS,
        /**
         * "got 35% slower" for durations, "rose by 35%" otherwise; from the level before 0 the relative change is
         * infinite, and the levels are said instead
         */
        RELATIVE
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    public ChangeSentence {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(wording, "wording");
    }

    public static ChangeSentence levels(String subject, MetricUnit unit) {
        return new ChangeSentence(subject, unit, Wording.LEVELS, true);
    }

    public static ChangeSentence relative(String subject, MetricUnit unit) {
        return new ChangeSentence(subject, unit, Wording.RELATIVE, true);
    }

    public ChangeSentence withoutPValue() {
        return new ChangeSentence(subject, unit, wording, false);
    }

    public String describe(Change change) {
        String sentence = subject + " " + movement(change) + " on " + DAY.format(change.day());
        return showsPValue ? sentence + " (" + pValue(change.pValue()) + ")" : sentence;
    }

    private String movement(Change change) {
        boolean up = change.direction() == Direction.UP;
        double relative = change.relativeChange();
        if (wording == Wording.LEVELS || Double.isInfinite(relative)) {
            return (up ? "rose from " : "fell from ") + unit.format(change.before()) + " to "
                    + unit.format(change.after());
        }
        String percent = MetricUnit.number(Math.abs(relative) * 100) + "%";
        if (unit != MetricUnit.SECONDS) {
            return (up ? "rose by " : "fell by ") + percent;
        }
        if (!up) {
            return "got " + percent + " faster";
        }
        // "got 250% slower" reads worse than "got 3.5× slower"
        double times = change.after() / change.before();
        return times >= 2 ? "got " + MetricUnit.number(times) + "× slower" : "got " + percent + " slower";
    }

    /** Two significant digits; below 0.001, only that it is (more permutations than the default can get there). */
    static String pValue(double p) {
        return p < 0.001 ? "p < 0.001" : "p = " + MetricUnit.number(p);
    }
}
