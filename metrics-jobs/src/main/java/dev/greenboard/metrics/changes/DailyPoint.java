package dev.greenboard.metrics.changes;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One day of a metric: its value and the number of samples behind it (jobs, commits, runs). A day without samples is
 * a gap: the detector skips it, so a caller may pass days whose value could not be computed (a rate of 0 of 0) as
 * {@code NaN} with 0 samples.
 */
public record DailyPoint(LocalDate day, double value, long samples) {

    public DailyPoint {
        Objects.requireNonNull(day, "day");
        if (samples < 0) {
            throw new IllegalArgumentException("Day[" + day + "] has a negative number of samples[" + samples + "]");
        }
        if (samples > 0 && !Double.isFinite(value)) {
            throw new IllegalArgumentException("Day[" + day + "] has samples but no finite value[" + value + "]");
        }
    }

    /** A day whose value stands on its own (one sample), when the caller does not know or need the sample count. */
    public DailyPoint(LocalDate day, double value) {
        this(day, value, 1);
    }
}
