package dev.greenboard.model.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartBackoffTest {

    @ParameterizedTest(name = "after {0} failed attempts: {1} ms")
    @CsvSource({"0, 500", "1, 1000", "2, 2000", "3, 4000", "4, 8000", "5, 16000", "6, 30000", "7, 30000",
            "1000, 30000"})
    void theDefaultStartsAtHalfASecondAndDoublesUpToThirtySeconds(int failedAttempts, long millis) {
        assertEquals(Duration.ofMillis(millis), RestartBackoff.DEFAULT.delay(failedAttempts));
    }

    @org.junit.jupiter.api.Test
    void aBackoffThatWouldNeverWaitOrShrinkIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RestartBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
