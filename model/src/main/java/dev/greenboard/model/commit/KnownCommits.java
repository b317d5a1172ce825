package dev.greenboard.model.commit;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The most recently seen commits whose rows are committed, so that the hundreds of job deliveries of one commit do
 * not each ask the database to insert a row that is there. Commit rows are never deleted, so an entry never goes
 * stale; only commits of committed transactions are added, so an entry never names a row that was rolled back.
 */
@ApplicationScoped
public class KnownCommits {

    /** A few days of a busy repository's commits with their PR heads; ~8 MB. */
    private static final int MAX_ENTRIES = 50_000;

    private record Key(long repoId, String sha) {
    }

    private final Map<Key, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, true) {

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public synchronized boolean contains(long repoId, String sha) {
        return recent.get(new Key(repoId, sha)) != null;
    }

    /** Call only once the transaction that ensured the row has committed. */
    public synchronized void add(long repoId, String sha) {
        recent.put(new Key(repoId, sha), Boolean.TRUE);
    }
}
