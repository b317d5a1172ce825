package dev.greenboard.api.graphql.execution;

import java.util.concurrent.CompletionStage;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;

/**
 * An operation's data fetcher held to the query's {@link TimeBudget}: it does not start once the budget is spent, and
 * an asynchronous answer is cut off when it runs out. Without a budget (mutations, subscriptions) it is the fetcher
 * it wraps.
 */
final class BudgetedDataFetcher implements DataFetcher<Object> {

    private final DataFetcher<?> operation;

    BudgetedDataFetcher(DataFetcher<?> operation) {
        this.operation = operation;
    }

    @Override
    public Object get(DataFetchingEnvironment environment) throws Exception {
        TimeBudget budget = environment.getGraphQlContext().get(TimeBudget.KEY);
        if (budget == null) {
            return operation.get(environment);
        }
        if (budget.spent()) {
            return budget.exceeded(environment);
        }
        Object answer = operation.get(environment);
        return answer instanceof CompletionStage<?> stage ? budget.bound(stage, environment) : answer;
    }
}
