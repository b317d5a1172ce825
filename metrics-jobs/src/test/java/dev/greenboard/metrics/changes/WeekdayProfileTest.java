package dev.greenboard.metrics.changes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Random;

import org.junit.jupiter.api.Test;

class WeekdayProfileTest {

    private static final long MONDAY = LocalDate.of(2025, 9, 1).toEpochDay();

    @Test
    void takesOutAPureWeeklyPattern() {
        long[] days = new long[28];
        double[] values = new double[28];
        for (int i = 0; i < 28; i++) {
            days[i] = MONDAY + i;
            values[i] = i % 7 >= 5 ? 60 : 100 + i % 7;
        }
        double[] adjusted = WeekdayProfile.adjust(days, values);
        for (double value : adjusted) {
            assertEquals(adjusted[0], value, 1e-9);
        }
    }

    /**
     * What keeps the permutation test exact: swapping two days of the same weekday and then adjusting gives the same
     * values as adjusting and then swapping.
     */
    @Test
    void adjustingCommutesWithSwapsWithinAWeekday() {
        Random random = new Random(2);
        long[] days = new long[63];
        double[] values = new double[63];
        for (int i = 0; i < 63; i++) {
            days[i] = MONDAY + i;
            values[i] = 100 + (i >= 40 ? 30 : 0) + 10 * random.nextGaussian() + (i % 7 == 6 ? -25 : 0);
        }
        double[] adjusted = WeekdayProfile.adjust(days, values);
        for (int swap = 0; swap < 20; swap++) {
            int a = random.nextInt(63);
            int b = a % 7 + 7 * random.nextInt(9);
            double[] swapped = values.clone();
            swapped[a] = values[b];
            swapped[b] = values[a];
            double[] swappedThenAdjusted = WeekdayProfile.adjust(days, swapped);
            double[] adjustedThenSwapped = adjusted.clone();
            adjustedThenSwapped[a] = adjusted[b];
            adjustedThenSwapped[b] = adjusted[a];
            assertArrayEquals(adjustedThenSwapped, swappedThenAdjusted, 1e-9);
        }
    }

    @Test
    void needsThreeOfEveryWeekday() {
        long[] twoWeeks = new long[20];
        for (int i = 0; i < 20; i++) {
            twoWeeks[i] = MONDAY + i;
        }
        assertFalse(WeekdayProfile.applies(twoWeeks), "20 days: Saturday and Sunday only twice");
        long[] threeWeeks = new long[21];
        for (int i = 0; i < 21; i++) {
            threeWeeks[i] = MONDAY + i;
        }
        assertTrue(WeekdayProfile.applies(threeWeeks));
        assertEquals(0, WeekdayProfile.weekday(MONDAY));
        assertEquals(6, WeekdayProfile.weekday(MONDAY - 1));
    }
}
