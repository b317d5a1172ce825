package dev.greenboard.metrics.changes;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How the {@link ChangepointDetector} decides. Start from {@link #defaults()} and change what differs.
 *
 * @param significance a split is a change when its p-value is at most this
 * @param minRelativeChange a change is reported only when the level moves by at least this share of the level
 *        before (0.1 = 10%), so that a tiny shift that is significant only because the samples are many does not
 *        alert
 * @param minAbsoluteChange and by at least this much in the series' own unit (seconds, ratio, count)
 * @param minDaysBefore days with data needed before a change
 * @param minDaysAfter days with data needed after a change: a step must have lasted this long to count as lasting,
 *        so this is also the shortest delay between a change and its alert
 * @param recentDays when present, the newest change alerts only when its first day is within the last this many
 *        days (today included); alerts are about new changes
 * @param minSamplesPerDay days with fewer samples are skipped as too thin to say anything (a day with no samples
 *        is always skipped)
 * @param level how the levels before and after are summarized
 * @param weekdayAdjusted remove a weekly pattern (quiet weekends) before testing, so that a split whose short side
 *        falls on a weekend is not mistaken for a change; needs three weeks of data, else nothing is removed
 * @param permutations the most permutations of the test (at least {@code 1 / significance - 1}, so that a
 *        significant p-value can be reached at all)
 * @param seed of the permutations: the same series always gives the same answer
 */
public record ChangepointOptions(double significance, double minRelativeChange, double minAbsoluteChange,
        int minDaysBefore, int minDaysAfter, OptionalInt recentDays, long minSamplesPerDay, LevelStatistic level,
        boolean weekdayAdjusted, int permutations, long seed) {

    public ChangepointOptions {
        Objects.requireNonNull(recentDays, "recentDays");
        Objects.requireNonNull(level, "level");
        if (!(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("significance[" + significance + "] must be within (0, 1)");
        }
        if (!(minRelativeChange >= 0) || !(minAbsoluteChange >= 0)) {
            throw new IllegalArgumentException("minRelativeChange[" + minRelativeChange + "] and minAbsoluteChange["
                    + minAbsoluteChange + "] must not be negative");
        }
        if (minDaysBefore < 2 || minDaysAfter < 1) {
            throw new IllegalArgumentException("minDaysBefore[" + minDaysBefore + "] must be >= 2 and minDaysAfter["
                    + minDaysAfter + "] >= 1");
        }
        if (recentDays.isPresent() && recentDays.getAsInt() < 1) {
            throw new IllegalArgumentException("recentDays[" + recentDays.getAsInt() + "] must be >= 1");
        }
        if (minSamplesPerDay < 1) {
            throw new IllegalArgumentException("minSamplesPerDay[" + minSamplesPerDay + "] must be >= 1");
        }
        if (1.0 / (permutations + 1) > significance) {
            throw new IllegalArgumentException("permutations[" + permutations
                    + "] are too few to ever reach a p-value of " + significance);
        }
    }

    /**
     * Significance 0.01, changes of at least 10%, 7 days before and 3 after, no recent window, medians, weekday
     * adjusted, up to 999 permutations (p-values down to 0.001).
     */
    public static ChangepointOptions defaults() {
        return new ChangepointOptions(0.01, 0.10, 0, 7, 3, OptionalInt.empty(), 1, LevelStatistic.MEDIAN, true, 999,
                0x6ee7b0a2dL);
    }

    public ChangepointOptions withSignificance(double value) {
        return new ChangepointOptions(value, minRelativeChange, minAbsoluteChange, minDaysBefore, minDaysAfter,
                recentDays, minSamplesPerDay, level, weekdayAdjusted, permutations, seed);
    }

    public ChangepointOptions withMinRelativeChange(double value) {
        return new ChangepointOptions(significance, value, minAbsoluteChange, minDaysBefore, minDaysAfter,
                recentDays, minSamplesPerDay, level, weekdayAdjusted, permutations, seed);
    }

    public ChangepointOptions withMinAbsoluteChange(double value) {
        return new ChangepointOptions(significance, minRelativeChange, value, minDaysBefore, minDaysAfter,
                recentDays, minSamplesPerDay, level, weekdayAdjusted, permutations, seed);
    }

    public ChangepointOptions withMinDays(int before, int after) {
        return new ChangepointOptions(significance, minRelativeChange, minAbsoluteChange, before, after, recentDays,
                minSamplesPerDay, level, weekdayAdjusted, permutations, seed);
    }

    public ChangepointOptions withRecentDays(int days) {
        return new ChangepointOptions(significance, minRelativeChange, minAbsoluteChange, minDaysBefore, minDaysAfter,
                OptionalInt.of(days), minSamplesPerDay, level, weekdayAdjusted, permutations, seed);
    }

    public ChangepointOptions withMinSamplesPerDay(long value) {
        return new ChangepointOptions(significance, minRelativeChange, minAbsoluteChange, minDaysBefore, minDaysAfter,
                recentDays, value, level, weekdayAdjusted, permutations, seed);
    }

    public ChangepointOptions withLevel(LevelStatistic value) {
        return new ChangepointOptions(significance, minRelativeChange, minAbsoluteChange, minDaysBefore, minDaysAfter,
                recentDays, minSamplesPerDay, value, weekdayAdjusted, permutations, seed);
    }

    public ChangepointOptions withWeekdayAdjusted(boolean value) {
        return new ChangepointOptions(significance, minRelativeChange, minAbsoluteChange, minDaysBefore, minDaysAfter,
                recentDays, minSamplesPerDay, level, value, permutations, seed);
    }

    public ChangepointOptions withPermutations(int value, long seedOfThem) {
        return new ChangepointOptions(significance, minRelativeChange, minAbsoluteChange, minDaysBefore, minDaysAfter,
                recentDays, minSamplesPerDay, level, weekdayAdjusted, value, seedOfThem);
    }
}
