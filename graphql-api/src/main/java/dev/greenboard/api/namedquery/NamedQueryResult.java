package dev.greenboard.api.namedquery;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("NamedQueryResult")
@Description("The rows of one execution of a named query, every value as text (null stays null; times ISO-8601).")
public record NamedQueryResult(@NonNull String name, @NonNull List<@NonNull String> columns,
        @NonNull @Description("rows[i][j] is the value of columns[j]") List<List<String>> rows,
        @Description("Rows returned (at most greenboard.named-queries.max-rows)") int rowCount,
        @Description("true when the query had more rows than the limit and the rest were left off") boolean truncated,
        @Description("Milliseconds the execution took") int elapsedMs) {
}
