package dev.greenboard.metrics.changes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SplitSearchTest {

    /**
     * The exact tail of the short side's U statistic is a count of partitions: checked against every m-subset of the
     * ranks 1..n, for each distance d from the end up to the long side's length, where the count is exact.
     */
    @ParameterizedTest
    @CsvSource({"10", "15", "18"})
    void partitionCountsAreTheExactRankSumTail(int n) {
        double[][] partitions = SplitSearch.partitionsUpTo(6, n);
        for (int m = 1; m <= 6; m++) {
            long[] subsetsWithU = new long[m * (n - m) + 1];
            for (int mask = 0; mask < 1 << n; mask++) {
                if (Integer.bitCount(mask) != m) {
                    continue;
                }
                int rankSum = 0;
                for (int bit = 0; bit < n; bit++) {
                    rankSum += (mask >> bit & 1) * (bit + 1);
                }
                subsetsWithU[rankSum - m * (m + 1) / 2]++;
            }
            long upTo = 0;
            for (int d = 0; d <= n - m; d++) {
                upTo += subsetsWithU[d];
                assertEquals(upTo, partitions[m][d], "n=" + n + " m=" + m + " d=" + d);
            }
        }
    }

    /**
     * With one split allowed, the search has nothing to pay for, and the permutation p-value estimates the exact
     * two-sided Mann–Whitney one: 3 days that are the 3 highest (or lowest) of 10, 2 / C(10, 3) = 1/60. The test
     * stops after 20 permutations as extreme (about 1,200 here), so one p-value is off by about 22%; their mean over
     * 50 seeds is within 0.0005 (one spread), above 1/60 by the estimator's slight caution (20/19).
     */
    @ParameterizedTest
    @CsvSource({"7, 3", "3, 7"})
    void withOneSplitThePValueIsTheExactMannWhitneyOne(int before, int after) {
        double[] values = new double[10];
        for (int i = 0; i < 10; i++) {
            values[i] = i < before ? i : 100 + i;
        }
        SplitSearch search = new SplitSearch(10, before, after, 9999);
        double sum = 0;
        for (int seed = 0; seed < 50; seed++) {
            SplitSearch.Split split = search.best(values, new int[10], 0, 10, new SplittableRandom(seed))
                    .orElseThrow();
            assertEquals(before, split.index());
            sum += split.pValue();
        }
        assertEquals(1.0 / 60 * 20 / 19, sum / 50, 0.0015);
    }

    @Test
    void aStretchWithOneValueHasNoSplit() {
        double[] values = new double[20];
        SplitSearch search = new SplitSearch(20, 7, 3, 999);
        assertTrue(search.best(values, new int[20], 0, 20, new SplittableRandom(1)).isEmpty());
    }

    @Test
    void tiesShareTheirMeanRank() {
        double[] ranks = new double[5];
        double tieSum = SplitSearch.midRanks(new double[]{9, 3, 1, 3, 2}, 0, 5, ranks);
        assertArrayEquals(new double[]{5, 3.5, 1, 3.5, 2}, ranks);
        assertEquals(6, tieSum, "one pair: 2³ - 2");
    }

    /** Reference values of erfc to 16 digits; the approximation promises a relative error below 1.2·10⁻⁷. */
    @ParameterizedTest
    @CsvSource({"0, 1", "0.5, 0.4795001221869535", "1, 0.15729920705028513", "2, 0.004677734981047266",
            "4, 1.541725790028002e-08", "6, 2.1519736712498913e-17", "-1, 1.8427007929497148"})
    void erfcIsAccurateIntoTheFarTail(double x, double expected) {
        assertEquals(expected, SplitSearch.erfc(x), expected * 1.2e-7);
    }
}
