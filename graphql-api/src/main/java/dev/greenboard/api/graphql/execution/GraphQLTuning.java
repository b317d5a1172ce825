package dev.greenboard.api.graphql.execution;

import io.smallrye.graphql.spi.EventingService;
import io.smallrye.graphql.spi.config.Config;

import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;

/**
 * Takes two per-field costs out of SmallRye GraphQL's engine, without changing any answer:
 * <ul>
 * <li>The schema gets graphql-java's default field visibility when none is configured.
 * {@code quarkus.smallrye-graphql.field-visibility} defaults to the word {@code default}, and SmallRye GraphQL 2.17
 * turns any value other than {@code no-introspection} into a list of block patterns: the schema ended up blocking the
 * fields named "default" (there is none: a field is named {@code Type.field}), and graphql-java then matched that
 * regex against the name of every field of every answer (6% of a HUD request's CPU). A configured pattern list or
 * {@code no-introspection} is left as it is.</li>
 * <li>The instrumentations stay out of the per-field path when none of them looks at fields
 * ({@link OperationLevelInstrumentation}).</li>
 * </ul>
 * Registered in {@code META-INF/services/io.smallrye.graphql.spi.EventingService}; without a config key, SmallRye
 * always enables it.
 */
public class GraphQLTuning implements EventingService {

    /** SmallRye's default of {@code quarkus.smallrye-graphql.field-visibility}. */
    static final String DEFAULT_VISIBILITY = "default";

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQLSchema.Builder beforeSchemaBuild(GraphQLSchema.Builder builder) {
        if (!DEFAULT_VISIBILITY.equals(Config.get().getFieldVisibility())) {
            return builder;
        }
        // The builder does not expose its code registry: build once to read it, then hand back a copy with the
        // default visibility. Building is repeatable; SmallRye builds the final schema from this builder right after.
        GraphQLSchema draft = builder.build();
        return builder.codeRegistry(draft.getCodeRegistry().transform(
                registry -> registry.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY)));
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        // The builder does not expose its instrumentation either; a GraphQL built from it does (cheap: the schema is
        // built already).
        return builder.instrumentation(OperationLevelInstrumentation.leaner(builder.build().getInstrumentation()));
    }
}
