package dev.greenboard.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class PayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Instant instantOf(String text) throws Exception {
        JsonNode node = JSON.readTree("{\"t\":" + JSON.writeValueAsString(text) + "}");
        return Payload.instant(node, "t");
    }

    /** The fast path and the general parser agree on every form GitHub uses. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T03:46:10Z", "2024-02-29T23:59:59Z", "1999-12-31T00:00:00Z",
            "2026-11-29T03:46:10.123Z", "2026-11-29T04:46:10+01:00", "2026-11-28T22:46:10-05:00"})
    void readsIsoTimesLikeOffsetDateTime(String text) throws Exception {
        assertEquals(OffsetDateTime.parse(text).toInstant(), instantOf(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-29T24:00:00Z",
            "2026-11-29T03:46:1xZ", "yesterday", ""})
    void textThatIsNoTimeIsNoTime(String text) throws Exception {
        assertNull(instantOf(text));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1_764_387_970})
    void epochSecondsAreRead(long seconds) throws Exception {
        assertEquals(Instant.ofEpochSecond(seconds), Payload.instant(JSON.readTree("{\"t\":" + seconds + "}"), "t"));
    }
}
