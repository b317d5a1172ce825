package dev.greenboard.api.document;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.page.Page;
import dev.greenboard.api.page.PageSize;
import dev.greenboard.api.read.ReadSql;

@GraphQLApi
public class DocumentApi {

    private final ReadSql sql;

    public DocumentApi(ReadSql sql) {
        // Their filters are the caller's: read as the role that may only SELECT.
        this.sql = sql.asReader();
    }

    @Query("documents")
    @Description("Documents of a collection, newest event time first. 'where' is a JSON filter: {\"path.to.field\":"
            + " value} for equality, or operators $eq $ne $gt $gte $lt $lte $in $nin $exists, combined with $and/$or.")
    public Uni<DocumentConnection> documents(@NonNull String collection, String where, Integer first, String after) {
        int size = PageSize.of(first);
        List<String> cursor = Cursor.decode(after, 2);
        DocumentFilter.Compiled filter = DocumentFilter.compile(where, 5);
        Tuple params = Tuple.tuple().addString(collection)
                .addValue(cursor == null ? null : OffsetDateTime.parse(cursor.get(0)))
                .addString(cursor == null ? "" : cursor.get(1))
                .addInteger(size + 1);
        for (Object param : filter.params()) {
            params.addValue(param);
        }
        return sql.list("select collection, id, event_time, received_at, body::text as body from document"
                + " where collection = $1 and ($2::timestamptz is null or (event_time, id) < ($2, $3))"
                + " and " + filter.condition()
                + " order by event_time desc, id desc limit $4", params,
                row -> new Document(row.getString("collection"), row.getString("id"),
                        row.getOffsetDateTime("event_time").toInstant(),
                        row.getOffsetDateTime("received_at").toInstant(), row.getString("body")))
                .map(rows -> {
                    Page<Document> page = Page.of(rows, size);
                    return new DocumentConnection(page.items().stream()
                            .map(d -> new DocumentConnection.DocumentEdge(d, cursorOf(d))).toList(),
                            page.pageInfo(DocumentApi::cursorOf));
                });
    }

    private static String cursorOf(Document document) {
        return Cursor.encode(document.eventTime().atOffset(ZoneOffset.UTC), document.id());
    }
}
