package dev.greenboard.metrics.platform;

/**
 * The one-sided (greater) Fisher exact test on a 2×2 table: for
 *
 * <pre>
 *              failed   passed
 * platform       a        b
 * other          c        d
 * </pre>
 *
 * the probability, with all margins fixed, of {@code a} or more failures on the platform: the sum of hypergeometric
 * probabilities {@code C(a+b, x) C(c+d, a+c-x) / C(n, a+c)} for x from a to its largest possible value. Binomial
 * coefficients are taken in logarithms (sums of log-factorials), so that tables of thousands of runs neither overflow
 * nor lose the small tail.
 * <p>
 * Not thread-safe: it keeps a growing table of log-factorials; use one instance per thread (or job run).
 */
public final class FisherExact {

    private double[] logFactorials = {0.0};

    /** P(X ≥ a): small when the platform fails more often than the table's margins make likely by chance. */
    public double greater(int a, int b, int c, int d) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException("Counts must not be negative: [[" + a + ", " + b + "], [" + c + ", "
                    + d + "]]");
        }
        int platformRuns = a + b;
        int otherRuns = c + d;
        int failures = a + c;
        int n = platformRuns + otherRuns;
        int most = Math.min(platformRuns, failures);
        double logTotal = logChoose(n, failures);
        double p = 0;
        for (int x = a; x <= most; x++) {
            p += Math.exp(logChoose(platformRuns, x) + logChoose(otherRuns, failures - x) - logTotal);
        }
        return Math.min(1.0, p);
    }

    private double logChoose(int n, int k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private double logFactorial(int n) {
        if (n >= logFactorials.length) {
            double[] grown = new double[Math.max(n + 1, logFactorials.length * 2)];
            System.arraycopy(logFactorials, 0, grown, 0, logFactorials.length);
            for (int i = logFactorials.length; i < grown.length; i++) {
                grown[i] = grown[i - 1] + Math.log(i);
            }
            logFactorials = grown;
        }
        return logFactorials[n];
    }
}
