package dev.greenboard.api.graphql.execution;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.greenboard.api.graphql.QueryLimits;
import dev.greenboard.api.graphql.QueryLimits.Allowance;

import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import graphql.schema.FieldCoordinates;

/**
 * Holds every query to its caller's limits ({@link QueryLimits}) before anything runs: prices it
 * ({@link QueryCost}), refuses it with QUERY_TOO_EXPENSIVE when it costs more than allowed or has too many named
 * queries, and otherwise starts its {@link TimeBudget}. Mutations (which need a token) and subscriptions (which run
 * as long as the client listens) are not limited here.
 * <p>
 * Acts once per operation, so it leaves graphql-java's per-field hooks alone (see
 * {@link OperationLevelInstrumentation}).
 */
final class QueryLimitsInstrumentation extends SimplePerformantInstrumentation {

    static final String CODE = "QUERY_TOO_EXPENSIVE";

    private final Set<FieldCoordinates> operations;
    private final Supplier<QueryLimits> limits;

    /** {@code operations}: the fields that run code of the API; {@code limits}: looked up when first needed. */
    QueryLimitsInstrumentation(Set<FieldCoordinates> operations, Supplier<QueryLimits> limits) {
        this.operations = operations;
        this.limits = limits;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        OperationDefinition operation = execution.getOperationDefinition();
        if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
            return SimpleInstrumentationContext.noOp();
        }
        Allowance allowance = limits.get().current();
        QueryCost.Bill bill = QueryCost.of(execution.getGraphQLSchema(), operation, execution.getFragmentsByName(),
                execution.getCoercedVariables(), operations);
        String refusal = refusal(bill, allowance);
        if (refusal != null) {
            throw new AbortExecutionException(List.of(error(refusal, bill, allowance)));
        }
        execution.getGraphQLContext().put(TimeBudget.KEY, new TimeBudget(allowance.timeBudget(), allowance.token()
                ? "ask for less: smaller pages ('first'), fewer fields, a narrower filter or time window"
                : "ask for less (smaller pages, fewer fields, a narrower filter or time window), or send an ingest"
                        + " token (Authorization: Bearer <token>), which allows "
                        + allowance.tokenTimeBudget().toSeconds() + " s"));
        return SimpleInstrumentationContext.noOp();
    }

    /** Why the query is refused, in words that say what to change; null when it may run. */
    static String refusal(QueryCost.Bill bill, Allowance allowance) {
        if (bill.tooManyFields()) {
            return "This query selects more than " + String.format(Locale.ROOT, "%,d", QueryCost.MAX_FIELDS)
                    + " fields once its fragments are spread out; it is refused before it runs. Spread each fragment"
                    + " once, or split the query.";
        }
        if (bill.namedQueries() > allowance.maxNamedQueries()) {
            return "This query runs " + bill.namedQueries() + " named queries (runNamedQuery fields); at most "
                    + allowance.maxNamedQueries() + " run in one request. Send the others in further requests.";
        }
        if (bill.total() > allowance.maxCost()) {
            return "This query costs " + String.format(Locale.ROOT, "%,d", bill.total()) + ", over the limit of "
                    + String.format(Locale.ROOT, "%,d", allowance.maxCost()) + (allowance.token()
                            ? " for a request with a token"
                            : " for a request without a token")
                    + "; it is refused before it runs. Most of it: " + bill.mostExpensive(3) + ". Prices: "
                    + QueryCost.priceList() + ". Ask for smaller pages ('first') or fewer fields, or split the query"
                    + " into several requests" + (allowance.token()
                            ? "."
                            : ", or send an ingest token (Authorization: Bearer <token>), which raises the limit to "
                                    + String.format(Locale.ROOT, "%,d", allowance.tokenMaxCost()) + ".");
        }
        return null;
    }

    private static GraphQLError error(String message, QueryCost.Bill bill, Allowance allowance) {
        return GraphqlErrorBuilder.newError().message(message).errorType(ErrorType.ExecutionAborted)
                .extensions(Map.of("code", CODE, "cost", bill.total(), "maxCost", allowance.maxCost(),
                        "namedQueries", bill.namedQueries(), "maxNamedQueries", allowance.maxNamedQueries()))
                .build();
    }
}
