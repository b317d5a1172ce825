package dev.greenboard.model.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Text of any length where a B-tree entry holds about 2.7 KB (migration V8): test identities are unique by a hash and
 * kept whole, and rollup keys made of test names are bounded so that no rollup fails on an index entry.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class LongKeysTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    long repoId;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        repoId = ((Number) sql.row("insert into repository (full_name, owner, name) values (?, 'long', ?)"
                + " returning id", "long/k" + System.nanoTime(), "k" + System.nanoTime()).get("id")).longValue();
    }

    /** Text that does not compress into an index entry. */
    private static String incompressible(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    @Test
    void testIdentitiesOfAnyLengthAreUniqueByTheirHash() {
        String file = incompressible(50_000, 1);
        String name = incompressible(10_000, 2);
        for (int i = 0; i < 2; i++) {
            sql.execute("insert into test_identity (repo_id, file, classname, name) values (?, ?, 'C', ?)"
                    + " on conflict do nothing", repoId, file, name);
        }
        assertEquals(1, sql.count("select count(*) from test_identity where repo_id = ? and name = ?", repoId, name));
        assertEquals(50_000, sql.count("select length(file) from test_identity where repo_id = ?", repoId));
        // The lengths in the hash keep ("a:b", "", "c") and ("a", "b", "c") apart.
        Object one = sql.row("select test_identity_hash('a:b', '', 'c') as h").get("h");
        Object other = sql.row("select test_identity_hash('a', 'b', 'c') as h").get("h");
        assertNotEquals(java.util.Arrays.toString((byte[]) one), java.util.Arrays.toString((byte[]) other));
    }

    @Test
    void rollupKeysOverHalfAKilobyteAreBoundedTheSameWayEveryTime() {
        String file = incompressible(30_000, 3);
        for (int runs = 1; runs <= 2; runs++) {
            sql.execute("""
                    insert into test_file_time (repo_id, base, config, file, seconds, runs, updated_at)
                    values (?, 'b', 'c', ?, 1.5, ?, now())
                    on conflict (repo_id, base, config, file) do update set runs = excluded.runs""", repoId, file,
                    runs);
        }
        Map<String, Object> row = sql.row("select file, runs from test_file_time where repo_id = ?", repoId);
        String stored = (String) row.get("file");
        assertEquals(2, row.get("runs"), "the second run updated the first one's row");
        assertTrue(stored.startsWith(file.substring(0, 100) + "\u2026"), stored);
        assertEquals(100 + 1 + 64, stored.length(), stored);
        assertEquals("short.py", sql.row("select bounded_key('short.py') as k").get("k"));
    }
}
