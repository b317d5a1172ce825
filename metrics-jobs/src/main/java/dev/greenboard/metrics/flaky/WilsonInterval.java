package dev.greenboard.metrics.flaky;

import java.util.Optional;

/**
 * The 95% Wilson score interval of a proportion. Unlike the normal approximation it stays inside [0, 1] and is
 * honest for small counts and rates near 0 or 1, which is what a test's failure rate usually is.
 */
public record WilsonInterval(double low, double high) {

    /** The standard normal quantile for 95% two-sided: Φ⁻¹(0.975). */
    static final double Z_95 = 1.959963984540054;

    /** The interval of {@code events / trials}; empty without trials. */
    public static Optional<WilsonInterval> of(long events, long trials) {
        if (trials <= 0) {
            return Optional.empty();
        }
        if (events < 0 || events > trials) {
            throw new IllegalArgumentException("events[" + events + "] must be within 0.." + trials);
        }
        double n = trials;
        double p = events / n;
        double z2 = Z_95 * Z_95;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2 * n)) / denominator;
        double halfWidth = Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // At the edges the bound is exactly 0 or 1; computed, it would be off by a rounding error.
        double low = events == 0 ? 0 : Math.max(0, center - halfWidth);
        double high = events == trials ? 1 : Math.min(1, center + halfWidth);
        return Optional.of(new WilsonInterval(low, high));
    }
}
