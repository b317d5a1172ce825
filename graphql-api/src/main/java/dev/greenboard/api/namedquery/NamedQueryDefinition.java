package dev.greenboard.api.namedquery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;

/**
 * A named query as loaded from its directory: what it is called and where it comes from, its typed parameters, and
 * its statement with positional parameters ({@code $1 ... $n}, in {@link #bindOrder()}).
 *
 * @param timeout the statement timeout of params.json, overriding {@code greenboard.named-queries.statement-timeout}
 */
public record NamedQueryDefinition(String name, Source source, String description, List<ParameterSpec> params,
        String sql, List<String> bindOrder, Optional<Duration> timeout) {

    /** Where a named query comes from; a user query overrides a shipped one of the same name. */
    public enum Source {

        SHIPPED, USER;

        public String spelling() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The parameters to bind, in {@link #bindOrder()}, from what the caller gave: every name must be a declared
     * parameter; an absent or null value takes the default, and a required parameter must be given.
     *
     * @throws ApiException.BadInput naming the parameter and what was wrong
     */
    public Tuple bind(Map<String, JsonNode> given) {
        Map<String, ParameterSpec> declared = params.stream()
                .collect(Collectors.toMap(ParameterSpec::name, p -> p, (a, b) -> a, LinkedHashMap::new));
        for (String key : given.keySet()) {
            if (!declared.containsKey(key)) {
                throw ApiException.badInput("Named query '" + name + "' has no parameter '" + key + "'; "
                        + (declared.isEmpty() ? "it takes none" : "it takes " + String.join(", ", declared.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterSpec param : params) {
            JsonNode value = given.get(param.name());
            if (value == null || value.isNull()) {
                if (param.required()) {
                    throw ApiException.badInput("Parameter '" + param.name() + "' (" + param.type().spelling()
                            + ") of named query '" + name + "' is required");
                }
                values.put(param.name(), param.defaultValue());
            } else {
                try {
                    values.put(param.name(), param.type().parse(value));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badInput("Parameter '" + param.name() + "' of named query '" + name + "' "
                            + e.getMessage());
                }
            }
        }
        Tuple tuple = Tuple.tuple();
        bindOrder.forEach(parameter -> tuple.addValue(values.get(parameter)));
        return tuple;
    }
}
