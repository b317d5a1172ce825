package dev.greenboard.metrics.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TheilSenLineTest {

    @Test
    void anOutlierDoesNotTiltTheLine() {
        double[] x = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i;
            y[i] = 2 * i + 1;
        }
        y[19] = 500;
        TheilSenLine line = TheilSenLine.fit(x, y, 0, 20);
        assertEquals(2, line.slope(), 1e-12);
        assertEquals(1, line.intercept(), 1e-12);
        assertEquals(21, line.at(10), 1e-12);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"5; 5", "3 1 2; 2", "4 1 3 2; 2.5", "1 1 1 9; 1", "9 8 7 6 5 4 3 2 1 0; 4.5",
            "2 2 1 1 3 3; 2"})
    void mediansBySelection(String values, double expected) {
        String[] parts = values.split(" ");
        double[] numbers = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = Double.parseDouble(parts[i]);
        }
        assertEquals(expected, Median.of(numbers, numbers.length));
    }
}
