package dev.greenboard.api.repo;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.page.Page;
import dev.greenboard.api.page.PageSize;
import dev.greenboard.api.read.ReadSql;

@GraphQLApi
public class RepositoryApi {

    private final ReadSql sql;

    public RepositoryApi(ReadSql sql) {
        this.sql = sql;
    }

    @Query("repositories")
    @Description("Every repository Greenboard has data for, by name.")
    public Uni<RepositoryConnection> repositories(Integer first, String after) {
        int size = PageSize.of(first);
        List<String> cursor = Cursor.decode(after, 1);
        return sql.list("select " + Repository.COLUMNS + " from repository where full_name > $1 order by full_name"
                + " limit $2", Tuple.of(cursor == null ? "" : cursor.get(0), size + 1), Repository::from)
                .map(rows -> {
                    Page<Repository> page = Page.of(rows, size);
                    return new RepositoryConnection(page.items().stream()
                            .map(r -> new RepositoryConnection.RepositoryEdge(r, Cursor.encode(r.fullName())))
                            .toList(), page.pageInfo(r -> Cursor.encode(r.fullName())));
                });
    }
}
