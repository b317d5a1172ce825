package dev.greenboard.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Summaries of repeated measurements: min/median/max over runs, percentiles over samples. */
final class Stats {

    private Stats() {
    }

    /** min / median / max of the runs' values. */
    record Spread(double min, double median, double max, int runs) {

        String format(String pattern) {
            if (runs == 1) {
                return String.format(pattern, median) + " (1 run)";
            }
            return String.format(pattern + " / " + pattern + " / " + pattern, min, median, max);
        }
    }

    static Spread spread(List<Double> values) {
        if (values.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(sorted.get(0), median, sorted.get(n - 1), n);
    }

    /** The nearest-rank percentile ({@code p} in 0..100) of the samples. */
    static double percentile(List<Double> samples, double p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
