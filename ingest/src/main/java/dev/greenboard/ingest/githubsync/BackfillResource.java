package dev.greenboard.ingest.githubsync;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.ingest.auth.IngestAuthenticated;
import dev.greenboard.ingest.http.HttpError;

/**
 * {@code POST /api/v1/github/backfill?repo=owner/name&since=YYYY-MM-DD} (docs/ingest.md): starts a backfill from GitHub's
 * REST API and answers 202 at once with its id and state; {@code GET /api/v1/github/backfill/{id}} (and GraphQL's
 * {@code githubBackfill}) shows its progress. Needs the ingest token, like uploads.
 */
@Path("/api/v1/github/backfill")
@IngestAuthenticated
public class BackfillResource {

    private final BackfillService backfills;

    public BackfillResource(BackfillService backfills) {
        this.backfills = backfills;
    }

    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response start(@QueryParam("repo") String repo, @QueryParam("since") String since) throws SQLException {
        if (repo == null || repo.isBlank()) {
            throw HttpError.badRequest("missing_repo", "Query parameter 'repo' (owner/name) is required");
        }
        Instant from = parseSince(since);
        if (!backfills.enabled()) {
            throw new HttpError(409, "github_sync_disabled", "Backfills read GitHub's REST API: set"
                    + " GREENBOARD_GITHUB_TOKEN (or a GitHub App: GREENBOARD_GITHUB_APP_*) and restart");
        }
        Backfill backfill;
        try {
            backfill = backfills.start(repo.strip(), from);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("invalid_repo", "Query parameter 'repo': " + e.getMessage());
        }
        return Response.status(202).entity(BackfillView.of(backfill, null)).build();
    }

    @GET
    @Path("{id}")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public BackfillView progress(@PathParam("id") String id) throws SQLException {
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("invalid_id", "Path segment 'id' is not a backfill id: " + id);
        }
        Backfill backfill = backfills.backfill(number)
                .orElseThrow(() -> new HttpError(404, "not_found", "No backfill " + number));
        return BackfillView.of(backfill, backfills.waitingUntil().orElse(null));
    }

    private static Instant parseSince(String since) {
        if (since == null || since.isBlank()) {
            throw HttpError.badRequest("missing_since", "Query parameter 'since' (YYYY-MM-DD) is required");
        }
        try {
            return BackfillService.parseSince(since);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("invalid_since", "Query parameter 'since': " + e.getMessage());
        }
    }

    /** A backfill's answer: its state and progress. */
    public record BackfillView(long id, String repo, Instant since, String state, String phase,
            String defaultBranch, long pagesFetched, long pagesNotModified, long commitsStored, long runsStored,
            long jobsStored, long pullRequestsStored, Long runsTotal, long runsRead, Long rateLimitRemaining,
            Instant rateLimitReset, Instant waitingUntil, Instant eta, String error, Instant createdAt,
            Instant startedAt, Instant finishedAt) {

        static BackfillView of(Backfill b, Instant waitingUntil) {
            return new BackfillView(b.id(), b.repo(), b.since(), b.state(), b.phase(), b.defaultBranch(),
                    b.pagesFetched(), b.pagesNotModified(), b.commitsStored(), b.runsStored(), b.jobsStored(),
                    b.pullRequestsStored(), b.runsTotal(), b.runsRead(), b.rateLimitRemaining(), b.rateLimitReset(),
                    b.active() ? waitingUntil : null, b.eta(Instant.now()), b.error(), b.createdAt(), b.startedAt(),
                    b.finishedAt());
        }
    }
}
