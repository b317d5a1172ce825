package dev.greenboard.api.live;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;

import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.job.Job;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.ingest.github.JobChanged;

/**
 * {@code jobUpdated}: pushes a job to subscribers (GraphQL over WebSocket) whenever a webhook changed its stored
 * state, so that the HUD updates live. Events come from ingest after its transaction committed, so what is read
 * here is what was stored.
 */
@GraphQLApi
public class JobUpdatesApi {

    private final BroadcastProcessor<JobChanged> changes = BroadcastProcessor.create();
    private final ReadSql sql;

    public JobUpdatesApi(ReadSql sql) {
        this.sql = sql;
    }

    void onJobChanged(@Observes JobChanged changed) {
        changes.onNext(changed);
    }

    @Subscription("jobUpdated")
    @Description("Every job of the repository (and branch, when given) whose state a webhook changes, as it changes.")
    public Multi<Job> jobUpdated(@NonNull String repo, String branch) {
        return changes.filter(c -> c.repoFullName().equals(repo) && (branch == null || branch.equals(c.headBranch())))
                .onItem().transformToUniAndConcatenate(c -> sql.one("select " + Job.COLUMNS
                        + " from job j where j.id = $1", Tuple.of(c.jobId()), Job::from))
                .filter(job -> job != null);
    }
}
