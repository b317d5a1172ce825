package dev.greenboard.metrics.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FisherExactTest {

    private final FisherExact fisher = new FisherExact();

    /**
     * Tables [[a, b], [c, d]] and P(X >= a) worked out by hand: P(X = x) = C(a+b, x) C(c+d, a+c-x) / C(n, a+c).
     * <ul>
     * <li>tea tasting, [[3,1],[1,3]]: (C(4,3)C(4,1) + C(4,4)C(4,0)) / C(8,4) = (16 + 1) / 70 = 0.242857...</li>
     * <li>[[1,0],[0,1]]: C(1,1)C(1,0) / C(2,1) = 1/2</li>
     * <li>[[2,0],[0,2]]: 1 / C(4,2) = 1/6</li>
     * <li>[[2,1],[1,2]]: (C(3,2)C(3,1) + C(3,3)C(3,0)) / C(6,3) = (9 + 1) / 20 = 1/2</li>
     * <li>[[5,0],[0,5]]: 1 / C(10,5) = 1/252</li>
     * <li>[[11,0],[0,11]]: 1 / C(22,11) = 1/705432</li>
     * <li>[[6,5],[0,11]]: x can be 6 only: C(11,6)C(11,0) / C(22,6) = 462/74613 = 2/323</li>
     * <li>[[3,7],[1,9]]: (C(10,3)C(10,1) + C(10,4)C(10,0)) / C(20,4) = (1200 + 210) / 4845 = 94/323</li>
     * <li>[[10,2],[3,15]]: sum over x = 10..12 of C(12,x)C(18,13-x) / C(30,13) = 619/1330665 (R: 0.0004652)</li>
     * <li>[[0,5],[5,0]] and [[0,0],[0,0]]: the whole distribution, 1</li>
     * </ul>
     */
    @ParameterizedTest
    @CsvSource(textBlock = """
            3,  1,  1,  3, 0.24285714285714285
            1,  0,  0,  1, 0.5
            2,  0,  0,  2, 0.16666666666666666
            2,  1,  1,  2, 0.5
            5,  0,  0,  5, 0.003968253968253968
            11, 0,  0, 11, 1.4175710770138016E-6
            6,  5,  0, 11, 0.006191950464396285
            3,  7,  1,  9, 0.29102167182662536
            10, 2,  3, 15, 4.6518094336290503E-4
            0,  5,  5,  0, 1.0
            0,  0,  0,  0, 1.0
            """)
    void matchesHandComputedTails(int a, int b, int c, int d, double expected) {
        assertEquals(expected, fisher.greater(a, b, c, d), expected * 1e-9);
    }

    @Test
    void largeTablesKeepTheirSmallTail() {
        // 10% vs 8% failures over 10,000 runs a side: far beyond factorials in doubles (10000! overflows), and the
        // tail is small but not zero. Reference value from exact rational arithmetic: 4.297540734720212e-07.
        double p = fisher.greater(1000, 9000, 800, 9200);
        assertEquals(4.297540734720212e-07, p, 4.297540734720212e-07 * 1e-6);
    }

    @Test
    void isMonotoneInTheFailuresOnThePlatform() {
        double previous = 1.0;
        for (int a = 0; a <= 10; a++) {
            double p = fisher.greater(a, 10 - a, 2, 8);
            assertTrue(p <= previous, "more failures on the platform can only lower p");
            previous = p;
        }
    }

    @Test
    void refusesNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> fisher.greater(-1, 1, 1, 1));
    }
}
