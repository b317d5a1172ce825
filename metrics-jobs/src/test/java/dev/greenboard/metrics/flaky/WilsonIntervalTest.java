package dev.greenboard.metrics.flaky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WilsonIntervalTest {

    /**
     * With z = 1.959963984540054 (z² = 3.841458820694124), the bounds are (k + z²/2 ± z √(k(n-k)/n + z²/4)) / (n +
     * z²). Worked out:
     * <ul>
     * <li>0/8: center = half = 1.920729/11.841459, so low = 0 and high = 3.841459/11.841459 = 0.324408</li>
     * <li>1/10: (2.920729 ∓ 1.959964 × √(0.9 + 0.960365)) / 13.841459 = (2.920729 ∓ 2.673297) / 13.841459 =
     * 0.017876, 0.404150 (the textbook 1.8%..40.4%)</li>
     * <li>5/10: (6.920729 ∓ 1.959964 × √(2.5 + 0.960365)) / 13.841459 = (6.920729 ∓ 3.645936) / 13.841459 = 0.236593,
     * 0.763407</li>
     * <li>10/10: (11.920729 - 1.959964 × √0.960365) / 13.841459 = (11.920729 - 1.920729) / 13.841459 = 0.722467, high = 1</li>
     * <li>2/9: (3.920729 ∓ 1.959964 × √(1.555556 + 0.960365)) / 12.841459 = (3.920729 ∓ 3.108827) / 12.841459 = 0.063225,
     * 0.547411</li>
     * </ul>
     */
    @ParameterizedTest
    @CsvSource(textBlock = """
            0,  8, 0.0,                 0.32440756488388023
            1, 10, 0.017876213095072896, 0.4041500267952385
            5, 10, 0.236593090512564,   0.7634069094874361
            10, 10, 0.7224672001371109, 1.0
            2,  9, 0.06322510711784671, 0.5474110308930111
            1,  9, 0.019890887638544907, 0.434999705576656
            3,  8, 0.13684428582359742, 0.6942576053973727
            """)
    void matchesHandComputedBounds(long failures, long runs, double low, double high) {
        WilsonInterval interval = WilsonInterval.of(failures, runs).orElseThrow();
        assertEquals(low, interval.low(), 1e-12);
        assertEquals(high, interval.high(), 1e-12);
    }

    @Test
    void noRunsNoInterval() {
        assertTrue(WilsonInterval.of(0, 0).isEmpty());
    }

    @Test
    void boundsAreExactAtTheEdges() {
        assertEquals(0.0, WilsonInterval.of(0, 1000).orElseThrow().low());
        assertEquals(1.0, WilsonInterval.of(1000, 1000).orElseThrow().high());
    }

    @Test
    void refusesMoreEventsThanTrials() {
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(3, 2));
    }
}
