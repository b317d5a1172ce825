package dev.greenboard.api.namedquery;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("NamedQuery")
@Description("A saved, parameterized SQL query (docs/named-queries.md), run with runNamedQuery or GET /api/v1/queries/{name}.")
public record NamedQuery(@NonNull String name, String description,
        @NonNull @Description("\"shipped\" with Greenboard, or \"user\": from the named-queries directory") String source,
        @NonNull List<@NonNull NamedQueryParam> params) {

    static NamedQuery of(NamedQueryDefinition query) {
        return new NamedQuery(query.name(), query.description(), query.source().spelling(),
                query.params().stream().map(p -> new NamedQueryParam(p.name(), p.type().spelling(), p.required(),
                        p.defaultText(), p.description())).toList());
    }
}
