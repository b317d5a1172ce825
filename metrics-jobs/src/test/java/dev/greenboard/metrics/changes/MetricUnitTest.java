package dev.greenboard.metrics.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricUnitTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SECONDS | 42      | 42 s
            SECONDS | 4.5     | 4.5 s
            SECONDS | 0.25    | 0.25 s
            SECONDS | 59.96   | 60 s
            SECONDS | 186     | 3.1 min
            SECONDS | 810     | 14 min
            SECONDS | 5400    | 1.5 h
            SECONDS | 129600  | 1.5 d
            SECONDS | 0       | 0 s
            RATIO   | 0.04    | 4%
            RATIO   | 0.19    | 19%
            RATIO   | 0.045   | 4.5%
            RATIO   | 0.005   | 0.5%
            RATIO   | 1       | 100%
            COUNT   | 12      | 12
            COUNT   | 3.44    | 3.4
            COUNT   | 1234.5  | 1235
            COUNT   | -2.25   | -2.3
            """)
    void formatsForReaders(MetricUnit unit, double value, String expected) {
        assertEquals(expected, unit.format(value));
    }
}
