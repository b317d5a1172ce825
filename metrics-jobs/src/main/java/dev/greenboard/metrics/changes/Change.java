package dev.greenboard.metrics.changes;

import java.time.LocalDate;

/**
 * A lasting step change of a daily series.
 *
 * @param day the first day at the new level
 * @param before the level of the days since the previous change (or the start of the series) up to the change
 * @param after the level from {@code day} up to the next change (or the end of the series)
 * @param level how both levels were summarized
 * @param pValue the permutation p-value of the split, given that the split was searched for (see
 *        {@link ChangepointDetector})
 * @param daysBefore days with data behind {@code before}
 * @param daysAfter days with data behind {@code after}
 */
public record Change(LocalDate day, double before, double after, LevelStatistic level, double pValue, int daysBefore,
        int daysAfter) {

    public double absoluteChange() {
        return after - before;
    }

    /**
     * The change relative to the level before: 0.35 for 35% up, -0.4 for 40% down; infinite when the level before
     * was 0 and the level after is not.
     */
    public double relativeChange() {
        if (before == 0) {
            return after == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, after);
        }
        return (after - before) / Math.abs(before);
    }

    public Direction direction() {
        return after > before ? Direction.UP : Direction.DOWN;
    }
}
