package dev.greenboard.api.commit;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

@Type("PullRequest")
public record PullRequest(int number, String repository, String title, String state, boolean merged, boolean draft,
        String author, String headSha, String headRef, String baseRef, Instant createdAt, Instant updatedAt,
        Instant closedAt, Instant mergedAt, String htmlUrl, @Ignore long repoId) {

    static PullRequest from(Row row) {
        return new PullRequest(row.getInteger("number"), row.getString("full_name"), row.getString("title"),
                row.getString("state"), row.getBoolean("merged"), row.getBoolean("draft"), row.getString("author"),
                row.getString("head_sha"), row.getString("head_ref"), row.getString("base_ref"),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "closed_at"),
                instant(row, "merged_at"), row.getString("html_url"), row.getLong("repo_id"));
    }

    private static Instant instant(Row row, String column) {
        var time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }
}
