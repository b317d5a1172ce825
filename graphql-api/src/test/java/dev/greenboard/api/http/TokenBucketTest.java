package dev.greenboard.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsAllowedThenTheSustainedRate() {
        TokenBucket bucket = new TokenBucket(3, 2, 0);
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        // Empty: at 2 per second the next token comes in half a second.
        assertEquals(SECOND / 2, bucket.take(0));
        assertEquals(SECOND / 4, bucket.take(SECOND / 4));
        assertEquals(0, bucket.take(SECOND / 2));
        assertEquals(SECOND / 2, bucket.take(SECOND / 2));
    }

    @Test
    void aQuietClientGetsItsWholeBurstBackAndNoMore() {
        TokenBucket bucket = new TokenBucket(3, 2, 0);
        for (int i = 0; i < 3; i++) {
            bucket.take(0);
        }
        assertFalse(bucket.full(SECOND));
        assertTrue(bucket.full(10 * SECOND));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, bucket.take(10 * SECOND));
        }
        assertTrue(bucket.take(10 * SECOND) > 0, "a long pause does not save more than one burst");
    }
}
