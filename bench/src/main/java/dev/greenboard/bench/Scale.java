package dev.greenboard.bench;

import java.time.Duration;

/**
 * How big a benchmark run is. The test workload is one stretch of CI history with full test reports ({@code commits}
 * × 14 test files per commit × {@code testsPerFile} results, plus reruns); the job history is {@code jobDays} days of
 * webhooks at 50 commits a day, with one test per file (enough for planted failures), sent in three rounds.
 *
 * @param repeats how often each measurement is repeated for min/median/max
 * @param queryDuration how long each {@code hey} run lasts
 */
public record Scale(String name, int commits, int testsPerFile, int jobDays, int repeats, Duration queryDuration) {

    /** Commits a day in the job history: PyTorch's trunk lands about this many. */
    public static final int COMMITS_PER_DAY = 50;
    /** The job history is sent in this many rounds: each round is one webhook measurement. */
    public static final int JOB_ROUNDS = 3;

    /**
     * {@code small}: a CI smoke test (seconds). {@code hour}: ~10 million test results, what PyTorch's CI uploads in
     * about an hour at peak, over 25 commits of ~400,000 results each, plus 30 days of jobs. {@code day}: five hours'
     * worth. Override with {@code --commits}, {@code --tests-per-file}, {@code --job-days}, {@code --repeats}.
     */
    public static Scale named(String name) {
        return switch (name) {
            case "small" -> new Scale("small", 10, 20, 1, 1, Duration.ofSeconds(1));
            case "hour" -> new Scale("hour", 25, 26_900, 30, 3, Duration.ofSeconds(20));
            case "day" -> new Scale("day", 125, 26_900, 30, 3, Duration.ofSeconds(20));
            default -> throw new IllegalArgumentException("unknown scale '" + name + "': small, hour or day");
        };
    }

    public Scale withCommits(int value) {
        return new Scale(name, value, testsPerFile, jobDays, repeats, queryDuration);
    }

    public Scale withTestsPerFile(int value) {
        return new Scale(name, commits, value, jobDays, repeats, queryDuration);
    }

    public Scale withJobDays(int value) {
        return new Scale(name, commits, testsPerFile, value, repeats, queryDuration);
    }

    public Scale withRepeats(int value) {
        return new Scale(name, commits, testsPerFile, jobDays, value, queryDuration);
    }

    /** Commits of one job-history round. */
    public int jobCommitsPerRound() {
        return Math.max(1, jobDays * COMMITS_PER_DAY / JOB_ROUNDS);
    }
}
