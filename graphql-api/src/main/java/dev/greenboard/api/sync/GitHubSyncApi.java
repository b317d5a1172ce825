package dev.greenboard.api.sync;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Type;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.graphql.WriteGuard;
import dev.greenboard.ingest.githubsync.Backfill;
import dev.greenboard.ingest.githubsync.BackfillService;
import dev.greenboard.ingest.githubsync.GitHubHealer;
import dev.greenboard.ingest.githubsync.HealScheduler;

/**
 * The GitHub sync (docs/ingest.md "Backfill from GitHub", "Healing missed deliveries"): start a backfill (needs the
 * ingest token, like updateRepositorySettings), follow its progress, and the healing reconciler's counters.
 */
@GraphQLApi
public class GitHubSyncApi {

    @Type("GitHubBackfill")
    @Description("A backfill of a repository's history from GitHub's REST API, and how far it got")
    public record BackfillView(long id, String repo, Instant since,
            @Description("QUEUED, RUNNING, DONE or FAILED") String state,
            @Description("COMMITS, RUNS, PULLS, then DONE") String phase, String defaultBranch,
            @Description("Listing pages read; a 304 page is counted too") long pagesFetched,
            @Description("Pages GitHub answered 304 for: the stored page was used, no rate limit spent") long pagesNotModified,
            @Description("Commits newly placed on the default branch") long commitsStored,
            @Description("Workflow run attempts that were new or changed") long runsStored,
            @Description("Jobs that were new or changed") long jobsStored,
            @Description("Pull requests that were new or changed") long pullRequestsStored,
            @Description("GitHub's count of the runs created since 'since', once known") Long runsTotal,
            long runsRead,
            @Description("Requests left in GitHub's core rate limit at the last page") Long rateLimitRemaining,
            Instant rateLimitReset,
            @Description("While waiting for GitHub's rate limit: until when") Instant waitingUntil,
            @Description("When it should be done, from the pace of the runs read so far and the rate limit left") Instant eta,
            String error, Instant createdAt, Instant startedAt, Instant finishedAt) {

        static BackfillView of(Backfill b, Instant waitingUntil) {
            return new BackfillView(b.id(), b.repo(), b.since(), b.state().toUpperCase(), b.phase().toUpperCase(),
                    b.defaultBranch(), b.pagesFetched(), b.pagesNotModified(), b.commitsStored(), b.runsStored(),
                    b.jobsStored(), b.pullRequestsStored(), b.runsTotal(), b.runsRead(), b.rateLimitRemaining(),
                    b.rateLimitReset(), b.active() ? waitingUntil : null, b.eta(Instant.now()), b.error(),
                    b.createdAt(), b.startedAt(), b.finishedAt());
        }
    }

    @Type("GitHubHealing")
    @Description("The healing reconciler: what it healed since the database was created")
    public record HealingView(
            @Description("False without GREENBOARD_GITHUB_TOKEN or with a heal interval of 0") boolean enabled,
            long runs,
            @Description("Jobs whose stored status or conclusion a re-read changed") long healedJobs,
            @Description("Workflow run attempts whose stored status or conclusion a re-read changed") long healedRuns,
            @Description("Failed hook deliveries Greenboard had not stored that it asked GitHub to redeliver") long redeliveriesAsked,
            Instant lastStartedAt, Instant lastFinishedAt, String lastError) {
    }

    private final BackfillService backfills;
    private final HealScheduler healing;
    private final WriteGuard guard;

    public GitHubSyncApi(BackfillService backfills, HealScheduler healing, WriteGuard guard) {
        this.backfills = backfills;
        this.healing = healing;
        this.guard = guard;
    }

    @Mutation("startGitHubBackfill")
    @Blocking
    @Description("Reads the repository's default-branch commits, workflow runs (every attempt) with their jobs, and"
            + " pull requests since 'since' (YYYY-MM-DD) from GitHub and stores them as webhooks would be; answers the"
            + " active backfill when one runs. Idempotent. Needs 'Authorization: Bearer <ingest token>' and"
            + " GREENBOARD_GITHUB_TOKEN.")
    public BackfillView startGitHubBackfill(@NonNull String repo, @NonNull String since) throws SQLException {
        guard.require("startGitHubBackfill");
        Instant from;
        try {
            from = BackfillService.parseSince(since.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badInput("since: " + e.getMessage());
        }
        if (!backfills.enabled()) {
            throw ApiException.badInput("Backfills read GitHub's REST API: set GREENBOARD_GITHUB_TOKEN (or a GitHub"
                    + " App) and restart Greenboard");
        }
        try {
            return BackfillView.of(backfills.start(repo.strip(), from), null);
        } catch (IllegalArgumentException e) {
            throw ApiException.badInput("repo: " + e.getMessage());
        }
    }

    @Query("githubBackfill")
    @Blocking
    @Description("A backfill by its id, with its progress")
    public BackfillView githubBackfill(@NonNull @Id long id) throws SQLException {
        Backfill backfill = backfills.backfill(id)
                .orElseThrow(() -> ApiException.notFound("No GitHub backfill " + id));
        return BackfillView.of(backfill, backfills.waitingUntil().orElse(null));
    }

    @Query("githubBackfills")
    @Blocking
    @Description("A repository's backfills, newest first")
    public List<BackfillView> githubBackfills(@NonNull String repo, @DefaultValue("10") int last)
            throws SQLException {
        if (last < 1 || last > 100) {
            throw ApiException.badInput("last must be 1 to 100, got " + last);
        }
        Instant waiting = backfills.waitingUntil().orElse(null);
        return backfills.backfills(repo.strip(), last).stream().map(b -> BackfillView.of(b, waiting)).toList();
    }

    @Query("githubHealing")
    @Blocking
    @Description("The healing reconciler's counters and its last run")
    public HealingView githubHealing() throws SQLException {
        GitHubHealer.State state = healing.state();
        return new HealingView(healing.enabled(), state.runs(), state.healedJobs(), state.healedRuns(),
                state.redeliveriesAsked(), state.lastStartedAt(), state.lastFinishedAt(), state.lastError());
    }
}
