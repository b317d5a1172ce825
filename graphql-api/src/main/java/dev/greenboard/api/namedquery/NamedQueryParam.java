package dev.greenboard.api.namedquery;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import com.fasterxml.jackson.annotation.JsonProperty;

@Type("NamedQueryParam")
@Description("A parameter of a named query.")
public record NamedQueryParam(@NonNull String name,
        @NonNull @Description("string, int, float, bool, timestamp or interval") String type,
        @Description("true when the parameter has no default and must be given") boolean required,
        @Name("default") @JsonProperty("default") @Description("The default as text; null when there is none or it is"
                + " null") String defaultValue,
        String description) {
}
