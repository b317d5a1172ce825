package dev.greenboard.metrics.changes;

/** Medians by selection, in expected linear time: the Theil–Sen slope takes the median of L² / 2 slopes. */
final class Median {

    private Median() {
    }

    /** The median of {@code values[0, count)}; reorders them. */
    static double of(double[] values, int count) {
        int middle = count / 2;
        double upper = select(values, count, middle);
        if (count % 2 == 1) {
            return upper;
        }
        // after the selection every value left of the middle is at most the upper median: the lower one is their max
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < middle; i++) {
            lower = Math.max(lower, values[i]);
        }
        return (lower + upper) / 2;
    }

    /** Hoare's quickselect: the k-th smallest of {@code values[0, count)}, in expected linear time. */
    private static double select(double[] values, int count, int k) {
        int left = 0;
        int right = count - 1;
        while (left < right) {
            // the middle element as pivot: the slopes of a sorted or trending series arrive nearly sorted
            double pivot = values[(left + right) >>> 1];
            int i = left;
            int j = right;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = values[i];
                    values[i] = values[j];
                    values[j] = swap;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }
}
