package dev.greenboard.ingest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.greenboard.ingest.report.TestResultWriter.TestKey;

class TestIdentityCacheTest {

    @Test
    void keysOfDifferentTestsDiffer() {
        // Without a separator these would all read "1abc": NUL cannot occur in a part, ingest removes it.
        assertNotEquals(TestIdentityCache.key(1, new TestKey("a", "bc", "")),
                TestIdentityCache.key(1, new TestKey("ab", "c", "")));
        assertNotEquals(TestIdentityCache.key(1, new TestKey("", "abc", "")),
                TestIdentityCache.key(1, new TestKey("abc", "", "")));
        assertNotEquals(TestIdentityCache.key(1, new TestKey("1", "a", "b")),
                TestIdentityCache.key(11, new TestKey("", "a", "b")));
        assertEquals(TestIdentityCache.key(7, new TestKey("f.py", "C", "t")),
                TestIdentityCache.key(7, new TestKey("f.py", "C", "t")));
    }

    @Test
    void findsWhatWasCommittedAndCountsHitsAndMisses() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TestIdentityCache cache = new TestIdentityCache(100, meters);
        String key = TestIdentityCache.key(3, new TestKey("f.py", "C", "t"));

        assertNull(cache.find(key));
        cache.addCommitted(Map.of(key, 42L));
        assertEquals(42L, cache.find(key));
        assertEquals(OptionalLong.of(42), cache.cachedId(3, "f.py", "C", "t"));
        assertEquals(OptionalLong.empty(), cache.cachedId(4, "f.py", "C", "t"));

        // cachedId does not count: one miss, then one hit.
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
        assertEquals(1.0, meters.get("cache.gets").tag("cache", "test_identity").tag("result", "hit")
                .functionCounter().count());
        assertEquals(1.0, meters.get("cache.gets").tag("cache", "test_identity").tag("result", "miss")
                .functionCounter().count());
    }

    @Test
    void holdsAtMostItsSize() {
        TestIdentityCache cache = new TestIdentityCache(1_000, new SimpleMeterRegistry());
        Map<String, Long> committed = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            committed.put(TestIdentityCache.key(1, new TestKey("f.py", "C", "test_" + i)), (long) i);
        }
        cache.addCommitted(committed);
        cache.cleanUp();
        assertTrue(cache.size() <= 1_000, "size " + cache.size());
        // Whatever survived still maps to its own id.
        for (int i = 0; i < 10_000; i++) {
            OptionalLong id = cache.cachedId(1, "f.py", "C", "test_" + i);
            if (id.isPresent()) {
                assertEquals(i, id.getAsLong());
            }
        }
    }

    @Test
    void sizeZeroTurnsItOff() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TestIdentityCache cache = new TestIdentityCache(0, meters);
        String key = TestIdentityCache.key(3, new TestKey("f.py", "C", "t"));
        cache.addCommitted(Map.of(key, 42L));
        assertFalse(cache.enabled());
        assertNull(cache.find(key));
        assertEquals(0, cache.size());
        assertTrue(meters.find("cache.gets").meters().isEmpty());
    }
}
