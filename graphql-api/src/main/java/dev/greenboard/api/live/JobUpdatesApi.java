package dev.greenboard.api.live;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;

import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.job.Job;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.model.repository.RepositoryRows;

/**
 * {@code jobUpdated}: pushes a job to subscribers (GraphQL over WebSocket) whenever a webhook changed its stored
 * state, on whichever instance the webhook arrived, so that the HUD updates live. Changes come from
 * {@link JobChangeListener}, which hears of them only after their transaction committed, so what is pushed is what
 * was stored.
 */
@GraphQLApi
public class JobUpdatesApi {

    private final JobChangeListener listener;
    private final ReadSql sql;

    public JobUpdatesApi(JobChangeListener listener, ReadSql sql) {
        this.listener = listener;
        this.sql = sql;
    }

    @Subscription("jobUpdated")
    @Description("Every job of the repository (and branch, when given) whose state a webhook changes, as it changes."
            + " The repository may be named by any of its names; one that has sent nothing yet is watched until it"
            + " does.")
    public Multi<Job> jobUpdated(@NonNull String repo, String branch) {
        if (!RepositoryRows.isLookupName(repo)) {
            throw ApiException.badInput("repo must be owner/name, without control characters such as \\u0000 and"
                    + " at most 256 characters");
        }
        // The repository's id, once it exists: a subscription may start before its first webhook.
        AtomicReference<Long> repoId = new AtomicReference<>();
        return listener.changedJobs()
                .filter(job -> branch == null || branch.equals(job.headBranch()))
                // A Uni of null becomes an empty Multi: jobs of other repositories are dropped here.
                .onItem().transformToMultiAndConcatenate(job -> repoId(repo, repoId)
                        .map(id -> Objects.equals(id, job.repoId()) ? job : null).toMulti());
    }

    private Uni<Long> repoId(String repo, AtomicReference<Long> known) {
        if (known.get() != null) {
            return Uni.createFrom().item(known.get());
        }
        return sql.one("select repository_id($1) as id", Tuple.of(repo), row -> row.getLong("id"))
                .invoke(known::set);
    }
}
