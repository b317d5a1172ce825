package dev.greenboard.api.namedquery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.greenboard.api.graphql.ApiException;

@GraphQLApi
public class NamedQueryApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NamedQueryService service;

    public NamedQueryApi(NamedQueryService service) {
        this.service = service;
    }

    @Query("namedQueries")
    @Description("Every named query, shipped and user-added, by name.")
    public Uni<@NonNull List<@NonNull NamedQuery>> namedQueries() {
        return service.list().map(queries -> queries.stream().map(NamedQuery::of).toList());
    }

    @Query("runNamedQuery")
    @Description("Runs a named query read-only, within a statement timeout and a row limit.")
    public Uni<NamedQueryResult> runNamedQuery(@NonNull String name,
            @Description("The parameters as a JSON object, e.g. {\"repo\": \"owner/name\", \"days\": 7}; absent ones"
                    + " take their defaults") String params) {
        return Uni.createFrom().item(() -> parse(params)).chain(given -> service.run(name, given));
    }

    private static Map<String, JsonNode> parse(String params) {
        if (params == null || params.isBlank()) {
            return Map.of();
        }
        JsonNode object;
        try {
            object = JSON.readTree(params);
        } catch (JsonProcessingException e) {
            throw notAnObject(e.getOriginalMessage());
        }
        if (object == null || !object.isObject()) {
            throw notAnObject("it is " + (object == null ? "empty" : object.getNodeType().toString().toLowerCase()));
        }
        Map<String, JsonNode> given = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> given.put(field.getKey(), field.getValue()));
        return given;
    }

    private static ApiException notAnObject(String why) {
        return ApiException.badInput("params must be a JSON object such as {\"repo\": \"owner/name\", \"days\": 7}: "
                + why);
    }
}
