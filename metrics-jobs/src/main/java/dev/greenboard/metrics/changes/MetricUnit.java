package dev.greenboard.metrics.changes;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** The unit of a series' values, and how a reader is shown one: "42 s", "3.1 min", "19%", "12". */
public enum MetricUnit {

    /** Durations in seconds, shown in the largest unit that keeps them above 1: s, min, h, d. */
    SECONDS,
    /** Shares from 0 to 1, shown as percent. */
    RATIO,
    /** Plain numbers: commits, reverts, workflows. */
    COUNT;

    public String format(double value) {
        return switch (this) {
            case SECONDS -> duration(value);
            case RATIO -> number(value * 100) + "%";
            case COUNT -> number(value);
        };
    }

    private static String duration(double seconds) {
        double size = Math.abs(seconds);
        if (size < 60) {
            return number(seconds) + " s";
        }
        if (size < 3600) {
            return number(seconds / 60) + " min";
        }
        if (size < 86_400) {
            return number(seconds / 3600) + " h";
        }
        return number(seconds / 86_400) + " d";
    }

    /**
     * Whole from 10 up, one decimal from 1, two significant digits below: as precise as a chart can be read, and
     * never "0" for a small non-zero value.
     */
    static String number(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal exact = BigDecimal.valueOf(value);
        double size = Math.abs(value);
        BigDecimal rounded = size >= 10
                ? exact.setScale(0, RoundingMode.HALF_UP)
                : size >= 1
                        ? exact.setScale(1, RoundingMode.HALF_UP)
                        : exact.round(new MathContext(2, RoundingMode.HALF_UP));
        return rounded.stripTrailingZeros().toPlainString();
    }
}
