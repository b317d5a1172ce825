package dev.greenboard.api.graphql.execution;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.quarkus.arc.Arc;
import io.smallrye.graphql.execution.datafetcher.AbstractDataFetcher;
import io.smallrye.graphql.execution.datafetcher.BatchDataFetcher;
import io.smallrye.graphql.spi.EventingService;

import dev.greenboard.api.graphql.QueryLimits;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;

/**
 * Installs the query limits into SmallRye GraphQL's engine: every operation's data fetcher (root fields and batched
 * relations, the fields that run code of the API) is held to the query's {@link TimeBudget}, and
 * {@link QueryLimitsInstrumentation} joins SmallRye's instrumentation chain, as a member of it, so that
 * {@link GraphQLTuning} still sees a chain of operation-level members.
 * <p>
 * Registered in {@code META-INF/services/io.smallrye.graphql.spi.EventingService}, before {@link GraphQLTuning}.
 */
public class QueryLimitsSetup implements EventingService {

    private volatile Set<FieldCoordinates> operations = Set.of();
    private volatile QueryLimits limits;
    /** This service as the running application's class loader has it, when that is not this one's. */
    private volatile EventingService current;

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQLSchema.Builder beforeSchemaBuild(GraphQLSchema.Builder builder) {
        EventingService running = current();
        if (running != null) {
            return running.beforeSchemaBuild(builder);
        }
        // As in GraphQLTuning: build once to read the code registry, then hand back a copy.
        GraphQLSchema draft = builder.build();
        GraphQLCodeRegistry registry = draft.getCodeRegistry();
        Set<FieldCoordinates> found = new HashSet<>();
        GraphQLCodeRegistry budgeted = registry.transform(codes -> {
            for (GraphQLNamedType type : draft.getAllTypesAsList()) {
                if (!(type instanceof GraphQLObjectType object) || object.getName().startsWith("__")) {
                    continue;
                }
                for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
                    FieldCoordinates coordinates = FieldCoordinates.coordinates(object, field);
                    DataFetcher<?> fetcher = registry.getDataFetcher(coordinates, field);
                    if (isOperation(fetcher)) {
                        found.add(coordinates);
                        codes.dataFetcher(coordinates, new BudgetedDataFetcher(fetcher));
                    }
                }
            }
        });
        operations = Set.copyOf(found);
        return builder.codeRegistry(budgeted);
    }

    /** SmallRye's fetchers of operations ({@code @Query} and {@code @Source} methods), not of plain properties. */
    static boolean isOperation(DataFetcher<?> fetcher) {
        return fetcher instanceof AbstractDataFetcher || fetcher instanceof BatchDataFetcher;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        EventingService running = current();
        if (running != null) {
            return running.beforeGraphQLBuild(builder);
        }
        Instrumentation current = builder.build().getInstrumentation();
        List<Instrumentation> members = new ArrayList<>();
        if (current instanceof ChainedInstrumentation chain) {
            members.addAll(chain.getInstrumentations());
        } else if (current != null) {
            members.add(current);
        }
        members.add(new QueryLimitsInstrumentation(operations, this::limits));
        return builder.instrumentation(new ChainedInstrumentation(members));
    }

    private QueryLimits limits() {
        QueryLimits found = limits;
        if (found == null) {
            found = Arc.container().instance(QueryLimits.class).get();
            limits = found;
        }
        return found;
    }

    /**
     * SmallRye GraphQL loads its services once for the life of its own class loader, which outlives the application
     * when Quarkus restarts it (tests with another profile, dev mode): the service it kept then belongs to the stopped
     * application, whose classes and beans are gone. The service of the running application's class loader does the
     * work instead; null when this is it.
     */
    private EventingService current() {
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        if (application == null || application == getClass().getClassLoader()) {
            return null;
        }
        EventingService found = current;
        if (found == null || found.getClass().getClassLoader() != application) {
            Class<?> type;
            try {
                type = Class.forName(getClass().getName(), true, application);
            } catch (ClassNotFoundException e) {
                return null; // a loader that does not see the application (then this is the running one)
            }
            if (type == getClass()) {
                return null;
            }
            try {
                found = (EventingService) type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot set up the query limits of the running application", e);
            }
            current = found;
        }
        return found;
    }
}
