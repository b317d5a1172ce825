package dev.greenboard.ingest.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import dev.greenboard.ingest.IngestConfig;

/**
 * Committed test identities, {@code (repo, file, classname, name) -> test_identity.id}, shared by every upload of
 * this process, so that a batch whose tests are all known needs no identity SQL at all. From a repository's second
 * commit on, that is nearly every batch; resolving them in the database cost several times what the {@code COPY} of
 * the results does (docs/benchmarks.md).
 * <p>
 * A cached id stays right for as long as the process runs because nothing deletes or changes a {@code test_identity}
 * row once it exists: retention drops result partitions only, and no API or job updates identities. An id enters the
 * cache only once the transaction that saw it has committed ({@link #addCommitted}), so a rolled-back upload's new
 * identities never do.
 * <p>
 * Bounded by {@code greenboard.ingest.test-identity-cache-size} entries (0 turns it off). Caffeine rather than a
 * plain LRU map: every commit uploads the same tests in the same order, a cyclic scan for which LRU keeps nothing
 * once the tests outnumber the entries, while Caffeine's frequency-based admission keeps a stable part of them and
 * still hits on that part. Its reads are lock-free, which matters with several concurrent uploaders.
 */
@ApplicationScoped
public class TestIdentityCache {

    /** Separates the parts of a key: test names may hold any character but NUL, which ingest removes. */
    private static final char SEPARATOR = '\0';
    /**
     * Longest file, class and name (together) kept in a key as they are; real tests' are a few hundred characters.
     */
    static final int MAX_KEY_CHARS = 4096;
    /** Follows the repository in a digested key; a plain key has three separators after it, this one has one. */
    private static final String DIGESTED = "\0#sha256:";

    /** Null when the cache is turned off. */
    private final Cache<String, Long> cache;

    @Inject
    public TestIdentityCache(IngestConfig config, MeterRegistry meters) {
        this(config.ingest().testIdentityCacheSize(), meters);
    }

    TestIdentityCache(long size, MeterRegistry meters) {
        if (size <= 0) {
            cache = null;
            return;
        }
        cache = Caffeine.newBuilder().maximumSize(size).recordStats().build();
        // cache_gets_total{cache="test_identity",result="hit"|"miss"}, cache_size, cache_evictions_total, ...
        CaffeineCacheMetrics.monitor(meters, cache, "test_identity");
    }

    /**
     * One string per key rather than a record of three: the cache then keeps one object per test instead of four (and
     * not the parser's strings), which is most of its memory. Latin-1 test names take one byte per character.
     */
    static String key(long repoId, TestResultWriter.TestKey test) {
        int length = test.file().length() + test.classname().length() + test.name().length();
        if (length > MAX_KEY_CHARS) {
            return repoId + DIGESTED + digest(test);
        }
        return new StringBuilder(24 + length)
                .append(repoId).append(SEPARATOR)
                .append(test.file()).append(SEPARATOR)
                .append(test.classname()).append(SEPARATOR)
                .append(test.name())
                .toString();
    }

    /**
     * A test of very long parts is keyed by their SHA-256: an upload keeps the key of every test it resolved, and
     * hundreds of test cases of one suite named in megabytes would otherwise each hold a copy of that name.
     */
    private static String digest(TestResultWriter.TestKey test) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String part : new String[]{test.file(), test.classname(), test.name()}) {
                sha256.update(part.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The committed id of a test, or null when it is not cached (counted as a hit or a miss). */
    Long find(String key) {
        return cache == null ? null : cache.getIfPresent(key);
    }

    /** Ids read or created by a transaction that has committed: from now on they are valid for every upload. */
    void addCommitted(Map<String, Long> identities) {
        if (cache != null && !identities.isEmpty()) {
            cache.putAll(identities);
        }
    }

    /** What the cache holds for one test, without counting a lookup; for tests and diagnostics. */
    public OptionalLong cachedId(long repoId, String file, String classname, String name) {
        Long id = cache == null
                ? null
                : cache.asMap().get(key(repoId, new TestResultWriter.TestKey(file, classname, name)));
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** Lookups that found an id, since start. */
    public long hits() {
        return cache == null ? 0 : cache.stats().hitCount();
    }

    /** Lookups that had to go to the database, since start. */
    public long misses() {
        return cache == null ? 0 : cache.stats().missCount();
    }

    /** Entries held now (approximately, as evictions run in the background). */
    public long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    /** Runs pending evictions now rather than in the background. */
    void cleanUp() {
        if (cache != null) {
            cache.cleanUp();
        }
    }

    public boolean enabled() {
        return cache != null;
    }
}
