package dev.greenboard.api.graphql.execution;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.smallrye.mutiny.infrastructure.Infrastructure;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;

/**
 * The time one GraphQL query may run, from the start of its execution. {@link BudgetedDataFetcher} starts no field
 * once it is spent and stops each field still running then: the field answers null with a TIME_BUDGET_EXCEEDED error,
 * and the work behind it is cancelled (a named query's statement is cancelled in PostgreSQL, the HUD's filter stops
 * between two job names). What finished in time is answered as usual.
 */
final class TimeBudget {

    /** Where the budget of an execution is kept in its GraphQL context. */
    static final String KEY = TimeBudget.class.getName();
    static final String CODE = "TIME_BUDGET_EXCEEDED";

    private final long deadline;
    private final Duration budget;
    private final String hint;

    /**
     * A budget of {@code budget} from now; {@code hint} ends the error message (what the caller can do).
     */
    TimeBudget(Duration budget, String hint) {
        this.deadline = System.nanoTime() + budget.toNanos();
        this.budget = budget;
        this.hint = hint;
    }

    boolean spent() {
        return System.nanoTime() - deadline >= 0;
    }

    /** The answer of a field that did not finish, or did not start, within the budget. */
    DataFetcherResult<Object> exceeded(DataFetchingEnvironment environment) {
        String field = environment.getField() == null ? "this field" : "'" + environment.getField().getName() + "'";
        return DataFetcherResult.newResult()
                .error(GraphqlErrorBuilder.newError(environment)
                        .message("The query ran past its time budget of " + seconds(budget) + " and " + field
                                + " was stopped before it finished; " + hint)
                        .extensions(Map.of("code", CODE, "budgetSeconds", budget.toMillis() / 1000.0))
                        .build())
                .build();
    }

    /**
     * {@code stage}, or the {@link #exceeded} answer when it has not completed once the budget is spent; then
     * {@code stage} is cancelled, which cancels the subscription behind it.
     */
    CompletionStage<Object> bound(CompletionStage<?> stage, DataFetchingEnvironment environment) {
        CompletableFuture<?> running = stage.toCompletableFuture();
        if (running.isDone()) {
            @SuppressWarnings("unchecked")
            CompletionStage<Object> done = (CompletionStage<Object>) stage;
            return done;
        }
        CompletableFuture<Object> answer = new CompletableFuture<>();
        running.whenComplete((value, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(value);
            }
        });
        // The worker pool's scheduler: the rest of the answer is then completed on a worker, not on an event loop.
        ScheduledFuture<?> timer = Infrastructure.getDefaultWorkerPool().schedule(() -> {
            if (answer.complete(exceeded(environment))) {
                running.cancel(false);
            }
        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        answer.whenComplete((value, failure) -> timer.cancel(false));
        return answer;
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
