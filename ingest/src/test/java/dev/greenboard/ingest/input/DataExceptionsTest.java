package dev.greenboard.ingest.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.greenboard.ingest.http.HttpError;

class DataExceptionsTest {

    /** SQLSTATE, whether it is PostgreSQL refusing a value, and the answer when it is. */
    @ParameterizedTest
    @CsvSource({"22021, true, 400", "22P05, true, 400", "22008, true, 400", "22003, true, 400", "22P02, true, 400",
            "54000, true, 413", "23505, false, 0", "40P01, false, 0", "08006, false, 0", "42703, false, 0"})
    void classes22And54AreTheSendersInput(String state, boolean data, int status) {
        SQLException e = new SQLException("staged", state);
        assertEquals(data, DataExceptions.isDataException(e));
        assertEquals(data, DataExceptions.isDataException(new RuntimeException("wrapped", e)));
        if (data) {
            HttpError answer = DataExceptions.refusal(e, "The report");
            assertEquals(status, answer.status());
            assertTrue(answer.getMessage().startsWith("The report holds a value PostgreSQL cannot store (SQLSTATE "
                    + state + "): staged"), answer.getMessage());
        }
    }

    @org.junit.jupiter.api.Test
    void aBatchSaysItsStateInTheNextException() {
        SQLException batch = new SQLException("batch failed");
        batch.setNextException(new SQLException("index row size", "54000"));
        assertTrue(DataExceptions.isDataException(batch));
        assertFalse(DataExceptions.isDataException(new IllegalStateException("no SQL here")));
    }
}
