package dev.greenboard.metrics.changes;

/**
 * The Theil–Sen line of a stretch of days: the median of the slopes between every two days, through the median of
 * the residuals. A robust straight line, which a few outliers do not tilt; the detector holds a step up against it to
 * tell a step from a drift.
 */
record TheilSenLine(double intercept, double slope) {

    /** The line through {@code (x[i], y[i])} for i in [from, to); needs two points with different x. */
    static TheilSenLine fit(double[] x, double[] y, int from, int to) {
        int length = to - from;
        double[] slopes = new double[length * (length - 1) / 2];
        int count = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                if (x[j] != x[i]) {
                    slopes[count++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        double slope = Median.of(slopes, count);
        double[] residuals = new double[length];
        for (int i = from; i < to; i++) {
            residuals[i - from] = y[i] - slope * x[i];
        }
        return new TheilSenLine(Median.of(residuals, length), slope);
    }

    double at(double x) {
        return intercept + slope * x;
    }
}
