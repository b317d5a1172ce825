package dev.greenboard.api.repo;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

@Type("Repository")
@Description("A source repository; it appears on its first webhook or report.")
public record Repository(long id, String fullName, String owner, String name, String defaultBranch, String htmlUrl) {

    /** Columns of {@code repository}, the default branch as its settings make it (docs/settings.md). */
    static final String COLUMNS = "id, full_name, owner, name, (select d.default_branch from repository_default_branch d"
            + " where d.repo_id = repository.id) as default_branch, html_url";

    static Repository from(Row row) {
        return new Repository(row.getLong("id"), row.getString("full_name"), row.getString("owner"),
                row.getString("name"), row.getString("default_branch"), row.getString("html_url"));
    }
}
