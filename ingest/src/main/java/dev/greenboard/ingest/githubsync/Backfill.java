package dev.greenboard.ingest.githubsync;

import java.time.Duration;
import java.time.Instant;

/**
 * A backfill and its progress, as stored in {@code github_backfill}.
 *
 * @param runsTotal GitHub's count of the runs created since {@code since}, known once the runs phase planned its
 *        windows
 * @param runsRead runs read so far (stored or found unchanged)
 */
public record Backfill(long id, String repo, Instant since, String state, String phase, String defaultBranch,
        long pagesFetched, long pagesNotModified, long commitsStored, long runsStored, long jobsStored,
        long pullRequestsStored, Long runsTotal, long runsRead, Long rateLimitRemaining, Instant rateLimitReset,
        String error, Instant createdAt, Instant startedAt, Instant finishedAt, Instant heartbeatAt) {

    public boolean active() {
        return state.equals("queued") || state.equals("running");
    }

    /**
     * When it should be done, seen from {@code now}: the time the runs read so far took, scaled to the runs left (runs
     * and their jobs are nearly all of a backfill's requests); no sooner than the rate limit's reset when fewer
     * requests are left than the runs still need. Null while there is no basis (before the first run was read).
     */
    public Instant eta(Instant now) {
        if (!active()) {
            return null;
        }
        if (runsTotal == null || runsRead == 0 || startedAt == null) {
            return null;
        }
        long left = Math.max(0, runsTotal - runsRead);
        Duration spent = Duration.between(startedAt, now);
        if (spent.isNegative()) {
            spent = Duration.ZERO;
        }
        Instant eta = now.plus(spent.multipliedBy(left).dividedBy(runsRead));
        double requestsPerRun = (double) pagesFetched / runsRead;
        if (rateLimitRemaining != null && rateLimitReset != null && rateLimitReset.isAfter(eta)
                && rateLimitRemaining < requestsPerRun * left) {
            return rateLimitReset;
        }
        return eta;
    }
}
