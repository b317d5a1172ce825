package dev.greenboard.metrics.changes;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The best split of a stretch of days by ranks, and its permutation p-value (see {@link ChangepointDetector} for why
 * this test).
 * <p>
 * For every split allowed by the minimum stretches, the two sides are compared by the Wilcoxon rank-sum
 * (Mann–Whitney) statistic and its two-sided tail probability {@code p_k}; the split with the smallest {@code p_k} is
 * the candidate, and the smallest {@code p_k} is the test statistic. Its null distribution, which carries the search
 * over splits, comes from permuting the days. {@code p_k} is only a scale that makes splits of different sizes
 * comparable, so it may be approximate without making the test wrong:
 * <ul>
 * <li>when the short side has at most {@value #EXACT_SIDE} days, the tail is the exact one (ties aside): the number
 * of ways to reach a rank sum that far from its middle is the number of partitions of the distance into at most
 * {@code m} parts, and that count is exact while the distance is at most the long side's length (which covers every
 * tail worth looking at). The normal approximation there would cap a 3-day side at z ≈ 3 even when those are the 3
 * highest days of 90 (exact p ≈ 2·10⁻⁵), and a step would only be found a week after it happened;</li>
 * <li>otherwise the normal approximation with a continuity and tie correction.</li>
 * </ul>
 * The number of permutations is decided on the way (Besag and Clifford, 1991): the test stops after
 * {@value #EXCEEDANCES_TO_STOP} permutations at least as extreme as the data, with p = exceedances / permutations
 * done, which is still a valid p-value; a series without a change, the common case, needs a few dozen permutations
 * instead of a thousand. With the default 999 permutations a p-value that stops early is above 0.02, far from
 * significant.
 */
final class SplitSearch {

    /** The largest short side whose tail is counted exactly. */
    static final int EXACT_SIDE = 20;
    static final int EXCEEDANCES_TO_STOP = 20;

    /** The best split of a stretch: {@code index} is the first day after the split. */
    record Split(int index, double pValue) {
    }

    private final int minBefore;
    private final int minAfter;
    private final int permutations;
    /** {@code partitionsUpTo[m][d]}: the partitions of the integers 0..d into at most m parts. */
    private final double[][] partitionsUpTo;

    SplitSearch(int maxLength, int minBefore, int minAfter, int permutations) {
        this.minBefore = minBefore;
        this.minAfter = minAfter;
        this.permutations = permutations;
        this.partitionsUpTo = partitionsUpTo(EXACT_SIDE, Math.max(maxLength, 1));
    }

    /**
     * The best split of {@code values[from, to)} and its permutation p-value; empty when the stretch is too short to
     * split or has a single value. Days are only swapped with days of the same {@code group} (their weekday, or all
     * one group).
     */
    Optional<Split> best(double[] values, int[] group, int from, int to, SplittableRandom random) {
        int length = to - from;
        if (length < minBefore + minAfter) {
            return Optional.empty();
        }
        double[] ranks = new double[length];
        double tieSum = midRanks(values, from, to, ranks);
        // Var(rank sum of k days) = k (L - k) / 12 · ((L + 1) - Σ(t³ - t) / (L (L - 1))), the tie-corrected variance
        double tieFactor = (length + 1) - tieSum / ((double) length * (length - 1));
        if (tieFactor <= 1e-12) {
            return Optional.empty();
        }
        double[] choose = new double[Math.min(EXACT_SIDE, length) + 1];
        choose[0] = 1;
        for (int m = 1; m < choose.length; m++) {
            choose[m] = choose[m - 1] * (length - m + 1) / m;
        }
        // the spread of each split's rank sum does not change with the order of the days: one square root per split
        // rather than one per split and permutation
        double[] inverseSpread = new double[length];
        for (int k = 1; k < length; k++) {
            inverseSpread[k] = 1 / Math.sqrt(k * (double) (length - k) / 12.0 * tieFactor);
        }
        int[][] groups = positionsByGroup(group, from, to);
        int[] best = new int[1];
        double observed = minSplitP(ranks, inverseSpread, choose, best);
        // a permuted statistic equal to the observed one counts as at least as extreme; the margin keeps rounding in
        // the sums of the two orders from deciding that
        double bound = observed * (1 + 1e-9);
        int exceedances = 0;
        int[] unused = new int[1];
        for (int done = 1; done <= permutations; done++) {
            shuffle(ranks, groups, random);
            if (minSplitP(ranks, inverseSpread, choose, unused) <= bound) {
                exceedances++;
                if (exceedances == EXCEEDANCES_TO_STOP) {
                    return Optional.of(new Split(from + best[0], (double) exceedances / done));
                }
            }
        }
        return Optional.of(new Split(from + best[0], (exceedances + 1.0) / (permutations + 1.0)));
    }

    /** The smallest split tail probability over the allowed splits; {@code best[0]} gets its split. */
    private double minSplitP(double[] ranks, double[] inverseSpread, double[] choose, int[] best) {
        int length = ranks.length;
        double total = length * (length + 1) / 2.0;
        double smallest = Double.POSITIVE_INFINITY;
        int smallestAt = -1;
        double largestZ = Double.NEGATIVE_INFINITY;
        int largestZAt = -1;
        double prefix = 0;
        for (int k = 1; k < length; k++) {
            prefix += ranks[k - 1];
            if (k < minBefore || length - k < minAfter) {
                continue;
            }
            int shortSide = Math.min(k, length - k);
            int longSide = length - shortSide;
            if (shortSide <= EXACT_SIDE) {
                double rankSum = k <= length - k ? prefix : total - prefix;
                double u = rankSum - shortSide * (shortSide + 1) / 2.0;
                double fromNearestEnd = Math.min(u, (double) shortSide * longSide - u);
                if (fromNearestEnd <= longSide) {
                    double p = Math.min(1, 2 * partitionsUpTo[shortSide][(int) fromNearestEnd] / choose[shortSide]);
                    if (p < smallest) {
                        smallest = p;
                        smallestAt = k;
                    }
                    continue;
                }
            }
            double deviation = Math.abs(prefix - k * (length + 1) / 2.0) - 0.5;
            double z = deviation * inverseSpread[k];
            if (z > largestZ) {
                largestZ = z;
                largestZAt = k;
            }
        }
        if (largestZAt >= 0) {
            double p = largestZ <= 0 ? 1 : erfc(largestZ / Math.sqrt(2));
            if (p < smallest) {
                smallest = p;
                smallestAt = largestZAt;
            }
        }
        best[0] = smallestAt;
        return smallest;
    }

    /** The positions in {@code [0, to - from)} of each group's days. */
    private static int[][] positionsByGroup(int[] group, int from, int to) {
        int groups = 0;
        for (int i = from; i < to; i++) {
            groups = Math.max(groups, group[i] + 1);
        }
        int[] sizes = new int[groups];
        for (int i = from; i < to; i++) {
            sizes[group[i]]++;
        }
        int[][] positions = new int[groups][];
        for (int g = 0; g < groups; g++) {
            positions[g] = new int[sizes[g]];
            sizes[g] = 0;
        }
        for (int i = from; i < to; i++) {
            positions[group[i]][sizes[group[i]]++] = i - from;
        }
        return positions;
    }

    /** Fisher–Yates within each group. */
    private static void shuffle(double[] values, int[][] groups, SplittableRandom random) {
        for (int[] positions : groups) {
            for (int i = positions.length - 1; i > 0; i--) {
                int a = positions[i];
                int b = positions[random.nextInt(i + 1)];
                double swap = values[a];
                values[a] = values[b];
                values[b] = swap;
            }
        }
    }

    /** Writes the mid-ranks (1-based) of {@code values[from, to)} and returns Σ(t³ - t) over groups of t ties. */
    static double midRanks(double[] values, int from, int to, double[] ranks) {
        int length = to - from;
        Integer[] order = new Integer[length];
        for (int i = 0; i < length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[from + a], values[from + b]));
        double tieSum = 0;
        int start = 0;
        while (start < length) {
            int end = start + 1;
            while (end < length && values[from + order[end]] == values[from + order[start]]) {
                end++;
            }
            double rank = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++) {
                ranks[order[i]] = rank;
            }
            double ties = end - start;
            tieSum += ties * ties * ties - ties;
            start = end;
        }
        return tieSum;
    }

    /**
     * Cumulative counts of partitions into at most m parts, which by conjugation equal partitions into parts of size
     * at most m: {@code q(m, d) = q(m - 1, d) + q(m, d - m)}.
     */
    static double[][] partitionsUpTo(int maxParts, int maxTotal) {
        double[][] exactly = new double[maxParts + 1][maxTotal + 1];
        exactly[0][0] = 1;
        for (int m = 1; m <= maxParts; m++) {
            for (int d = 0; d <= maxTotal; d++) {
                exactly[m][d] = exactly[m - 1][d] + (d >= m ? exactly[m][d - m] : 0);
            }
        }
        double[][] upTo = new double[maxParts + 1][maxTotal + 1];
        for (int m = 0; m <= maxParts; m++) {
            double sum = 0;
            for (int d = 0; d <= maxTotal; d++) {
                sum += exactly[m][d];
                upTo[m][d] = sum;
            }
        }
        return upTo;
    }

    /**
     * The complementary error function, with a fractional error below 1.2·10⁻⁷ everywhere, far tail included (Press
     * et al., Numerical Recipes, erfcc): the two-sided normal tail is {@code erfc(|z| / √2)}.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double tail = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t
                * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t
                        * 0.17087277)))))))));
        return x >= 0 ? tail : 2 - tail;
    }
}
