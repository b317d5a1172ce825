package dev.greenboard.model.commit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KnownCommitsTest {

    @Test
    void knowsOnlyWhatWasAddedPerRepository() {
        KnownCommits known = new KnownCommits();
        known.add(1, "a".repeat(40));
        assertTrue(known.contains(1, "a".repeat(40)));
        assertFalse(known.contains(2, "a".repeat(40)), "the same sha in another repository is another commit");
        assertFalse(known.contains(1, "b".repeat(40)));
    }

    @Test
    void forgetsTheLeastRecentlyUsedPastItsBound() {
        KnownCommits known = new KnownCommits();
        known.add(1, "first");
        known.add(1, "used");
        for (int i = 0; i < 49_998; i++) {
            known.add(1, "sha-" + i);
        }
        assertTrue(known.contains(1, "first"), "exactly at the bound nothing is forgotten");
        assertTrue(known.contains(1, "used"));
        known.add(1, "one-more");
        known.add(1, "and-another");
        // "first" and "used" were just read, so the oldest untouched entries went instead.
        assertTrue(known.contains(1, "first"));
        assertTrue(known.contains(1, "used"));
        assertFalse(known.contains(1, "sha-0"));
        assertFalse(known.contains(1, "sha-1"));
        assertTrue(known.contains(1, "sha-2"));
    }
}
