package dev.greenboard.api.commit;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

@Type("Commit")
public record Commit(String sha, String repository, String title, String message, String authorName,
        String authorLogin, @Description("Commit time, or when Greenboard first saw it") Instant time,
        @Description("The PR it came from: the '(#123)' of a squash-merge title") Integer prNumber, String htmlUrl,
        @Ignore long repoId) {

    static final String COLUMNS = "c.repo_id, rp.full_name, c.sha, c.title, c.message, c.author_name,"
            + " c.author_login, coalesce(c.committed_at, c.first_seen_at) as time, c.pr_number, c.html_url";

    static Commit from(Row row) {
        return new Commit(row.getString("sha"), row.getString("full_name"), row.getString("title"),
                row.getString("message"), row.getString("author_name"), row.getString("author_login"),
                row.getOffsetDateTime("time").toInstant(), row.getInteger("pr_number"), row.getString("html_url"),
                row.getLong("repo_id"));
    }
}
