package dev.greenboard.api.repo;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.model.repository.RepositoryRows;

/**
 * Resolves the {@code repo: "owner/name"} argument every root field takes: the repository's current or any former
 * name (after a rename or a transfer), in any letter case, as {@code repository_id(name)} decides.
 */
@ApplicationScoped
public class RepoLookup {

    private final ReadSql sql;

    public RepoLookup(ReadSql sql) {
        this.sql = sql;
    }

    /** The repository, or a NOT_FOUND error that says which repositories exist are listed by {@code repositories}. */
    public Uni<Repository> require(String fullName) {
        if (fullName == null || fullName.isBlank()) {
            return Uni.createFrom().failure(ApiException.badInput("repo is required, as owner/name"));
        }
        if (!RepositoryRows.isLookupName(fullName)) {
            return Uni.createFrom().failure(ApiException.badInput("repo must be owner/name, without control"
                    + " characters such as \\u0000 and at most 256 characters"));
        }
        return sql.one("select " + Repository.COLUMNS + " from repository where id = repository_id($1)",
                Tuple.of(fullName), Repository::from)
                .onItem().ifNull().failWith(() -> ApiException.notFound("No repository '" + fullName
                        + "' has sent data yet; the 'repositories' field lists the known ones"));
    }
}
