package dev.greenboard.api.graphql.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentation;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

/** The chain leaves the per-field path only when no member works there, and its limits still hold. */
class OperationLevelInstrumentationTest {

    /** Counts the operations it sees: an instrumentation that works per operation only. */
    static final class OperationCounter extends SimplePerformantInstrumentation {

        final AtomicInteger operations = new AtomicInteger();

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            operations.incrementAndGet();
            return super.beginExecuteOperation(parameters, state);
        }
    }

    /** Wraps every data fetcher: an instrumentation that works per field. */
    static final class FieldWrapper extends SimplePerformantInstrumentation {

        @Override
        public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
                InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
            return dataFetcher;
        }
    }

    @Test
    void replacesAChainOfOperationLevelInstrumentations() {
        Instrumentation chain = new ChainedInstrumentation(List.of(new MaxQueryComplexityInstrumentation(600),
                new MaxQueryDepthInstrumentation(15), new SimpleInstrumentation()));
        assertInstanceOf(OperationLevelInstrumentation.class, OperationLevelInstrumentation.leaner(chain));
    }

    @Test
    void keepsAChainWithAMemberThatWorksPerField() {
        Instrumentation chain = new ChainedInstrumentation(List.of(new MaxQueryDepthInstrumentation(15),
                new FieldWrapper()));
        assertSame(chain, OperationLevelInstrumentation.leaner(chain));
        Instrumentation single = new MaxQueryDepthInstrumentation(15);
        assertSame(single, OperationLevelInstrumentation.leaner(single));
    }

    @Test
    void theLimitsAndOperationHooksStillWork() {
        OperationCounter counter = new OperationCounter();
        GraphQL graphQL = GraphQL.newGraphQL(schema()).instrumentation(OperationLevelInstrumentation.leaner(
                new ChainedInstrumentation(List.of(counter, new MaxQueryDepthInstrumentation(3))))).build();
        assertInstanceOf(OperationLevelInstrumentation.class, graphQL.getInstrumentation());

        ExecutionResult shallow = graphQL.execute("{ node { next { value } } }");
        assertTrue(shallow.getErrors().isEmpty(), shallow.getErrors()::toString);
        assertEquals(Map.of("node", Map.of("next", Map.of("value", 1))), shallow.getData());

        ExecutionResult deep = graphQL.execute("{ node { next { next { next { value } } } } }");
        assertEquals(1, deep.getErrors().size());
        assertTrue(deep.getErrors().get(0).getMessage().contains("maximum query depth exceeded"),
                deep.getErrors()::toString);
        assertEquals(2, counter.operations.get());
    }

    /** {@code type Query { node: Node } type Node { value: Int, next: Node }}, every node with value 1. */
    private static GraphQLSchema schema() {
        Map<String, Object> node = new java.util.HashMap<>();
        node.put("value", 1);
        node.put("next", node);
        return new SchemaGenerator().makeExecutableSchema(
                new SchemaParser().parse("type Query { node: Node } type Node { value: Int, next: Node }"),
                RuntimeWiring.newRuntimeWiring().type("Query", type -> type.dataFetcher("node", env -> node))
                        .build());
    }
}
