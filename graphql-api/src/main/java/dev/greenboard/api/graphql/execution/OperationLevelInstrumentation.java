package dev.greenboard.api.graphql.execution;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.DocumentAndVariables;
import graphql.execution.instrumentation.ExecutionStrategyInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentation;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;

/**
 * Keeps SmallRye GraphQL's instrumentations out of the per-field path when none of them looks at fields.
 * <p>
 * SmallRye chains the query depth and complexity limits and its query cache in a {@link ChainedInstrumentation}.
 * All three act once per operation (validation, start of the operation), yet graphql-java asks the chain at every
 * object and at every field for a fetch, execution and completion context, and the chain asks each member in turn
 * and collects their answers: on a HUD page of ~2,500 fields that was a tenth of the request's CPU. This instrumentation
 * hands the per-operation hooks to the chain unchanged and answers the per-object and per-field hooks with the no-op
 * of {@link SimplePerformantInstrumentation}, which is what every member answers anyway.
 * <p>
 * It replaces the chain only when that is so: when the instrumentation SmallRye built is a chain whose members all
 * inherit the per-field hooks from graphql-java's no-op bases. A member that overrides one (federated tracing, a
 * future metrics instrumentation) keeps the chain as it is.
 * <p>
 * Installed by {@link GraphQLTuning}.
 */
final class OperationLevelInstrumentation extends SimplePerformantInstrumentation {

    /** The hooks graphql-java calls per object or per field, with their parameter types. */
    private static final List<Hook> PER_FIELD_HOOKS = List.of(
            new Hook("beginExecuteObject", InstrumentationExecutionStrategyParameters.class),
            new Hook("beginFieldExecution", InstrumentationFieldParameters.class),
            new Hook("beginFieldFetch", InstrumentationFieldFetchParameters.class),
            new Hook("beginFieldFetching", InstrumentationFieldFetchParameters.class),
            new Hook("beginFieldCompletion", InstrumentationFieldCompleteParameters.class),
            new Hook("beginFieldListCompletion", InstrumentationFieldCompleteParameters.class),
            new Hook("instrumentDataFetcher", DataFetcher.class, InstrumentationFieldFetchParameters.class));
    /** Classes whose per-field hooks do nothing. */
    private static final Set<Class<?>> NO_OP_BASES = Set.of(Instrumentation.class, SimpleInstrumentation.class,
            SimplePerformantInstrumentation.class);

    private record Hook(String name, Class<?>... parameters) {

        Class<?>[] signature() {
            Class<?>[] signature = Arrays.copyOf(parameters, parameters.length + 1);
            signature[parameters.length] = InstrumentationState.class;
            return signature;
        }
    }

    private final Instrumentation chain;

    private OperationLevelInstrumentation(Instrumentation chain) {
        this.chain = chain;
    }

    /** This in place of {@code instrumentation} when that is only about operations, else {@code instrumentation}. */
    static Instrumentation leaner(Instrumentation instrumentation) {
        return onlyOperationLevel(instrumentation)
                ? new OperationLevelInstrumentation(instrumentation)
                : instrumentation;
    }

    /** True when {@code instrumentation} is a chain none of whose members does anything per object or field. */
    static boolean onlyOperationLevel(Instrumentation instrumentation) {
        if (!(instrumentation instanceof ChainedInstrumentation chained)) {
            return false;
        }
        for (Instrumentation member : chained.getInstrumentations()) {
            for (Hook hook : PER_FIELD_HOOKS) {
                try {
                    Method method = member.getClass().getMethod(hook.name(), hook.signature());
                    if (!NO_OP_BASES.contains(method.getDeclaringClass())) {
                        return false;
                    }
                } catch (NoSuchMethodException e) {
                    return false; // another graphql-java than this was written for: change nothing
                }
            }
        }
        return true;
    }

    // The per-operation hooks go to the chain; the others are SimplePerformantInstrumentation's no-ops.

    @Override
    public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
        return chain.createStateAsync(parameters);
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return chain.createState(parameters);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        return chain.beginExecution(parameters, state);
    }

    @Override
    public InstrumentationContext<Document> beginParse(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        return chain.beginParse(parameters, state);
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(
            InstrumentationValidationParameters parameters, InstrumentationState state) {
        return chain.beginValidation(parameters, state);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        return chain.beginExecuteOperation(parameters, state);
    }

    @Override
    public ExecutionStrategyInstrumentationContext beginExecutionStrategy(
            InstrumentationExecutionStrategyParameters parameters, InstrumentationState state) {
        return chain.beginExecutionStrategy(parameters, state);
    }

    @Override
    public InstrumentationContext<Object> beginDeferredField(InstrumentationState state) {
        return chain.beginDeferredField(state);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginSubscribedFieldEvent(InstrumentationFieldParameters parameters,
            InstrumentationState state) {
        return chain.beginSubscribedFieldEvent(parameters, state);
    }

    @Override
    public FieldFetchingInstrumentationContext beginFieldFetching(InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        return FieldFetchingInstrumentationContext.NOOP;
    }

    @Override
    public ExecutionInput instrumentExecutionInput(ExecutionInput executionInput,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        return chain.instrumentExecutionInput(executionInput, parameters, state);
    }

    @Override
    public DocumentAndVariables instrumentDocumentAndVariables(DocumentAndVariables documentAndVariables,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        return chain.instrumentDocumentAndVariables(documentAndVariables, parameters, state);
    }

    @Override
    public GraphQLSchema instrumentSchema(GraphQLSchema schema, InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        return chain.instrumentSchema(schema, parameters, state);
    }

    @Override
    public ExecutionContext instrumentExecutionContext(ExecutionContext executionContext,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        return chain.instrumentExecutionContext(executionContext, parameters, state);
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult executionResult,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        return chain.instrumentExecutionResult(executionResult, parameters, state);
    }
}
