package dev.greenboard.api.namedquery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.pgclient.PgException;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.read.ReadSql;

/**
 * Runs named queries, bounded: as the database's read-only role, in a read-only transaction, within a statement timeout, at most {@code max-rows} rows, at most
 * {@code max-concurrent} at once server-wide ({@link NamedQuerySlots}), so that they never hold every pooled
 * connection. Every execution
 * of a known query is timed as {@value #TIMER}, tagged with the query's name and the outcome. Unknown names are not
 * timed, so that anonymous callers cannot grow the metric with names of their own.
 */
@ApplicationScoped
public class NamedQueryService {

    static final String TIMER = "greenboard.named.query";

    // SQLSTATEs: the statement timeout cancels with query_canceled; a write in a read-only transaction is refused.
    private static final String QUERY_CANCELED = "57014";
    private static final String READ_ONLY_SQL_TRANSACTION = "25006";
    // What the read-only role may not do (write a table, take a sequence's next value, become another role).
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** How an execution ended, as the {@code outcome} tag says it. */
    enum Outcome {

        SUCCESS, BAD_INPUT, BUSY, TIMEOUT, WRITE_REFUSED, ERROR;

        static Outcome of(Throwable failure) {
            if (failure == null) {
                return SUCCESS;
            }
            if (failure instanceof ApiException.Busy) {
                return BUSY;
            }
            if (failure instanceof ApiException) {
                return BAD_INPUT;
            }
            if (failure instanceof PgException pg) {
                return switch (sqlState(pg)) {
                    case QUERY_CANCELED -> TIMEOUT;
                    case READ_ONLY_SQL_TRANSACTION, INSUFFICIENT_PRIVILEGE -> WRITE_REFUSED;
                    default -> ERROR;
                };
            }
            return ERROR;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final NamedQueryCatalog catalog;
    private final ReadSql sql;
    private final MeterRegistry meters;
    private final NamedQueryConfig config;
    private final NamedQuerySlots slots;

    public NamedQueryService(NamedQueryCatalog catalog, ReadSql sql, MeterRegistry meters, NamedQueryConfig config) {
        this.catalog = catalog;
        this.sql = sql;
        this.meters = meters;
        this.config = config;
        this.slots = new NamedQuerySlots(config.maxConcurrent(), config.maxWaiting());
    }

    public Uni<List<NamedQueryDefinition>> list() {
        // The catalog stats the user directory: file I/O, so off the event loop.
        return Uni.createFrom().item(catalog::all).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Runs named query {@code name} with {@code params} (values as JSON; text is accepted for every type).
     *
     * @return the rows, or a failure: {@link ApiException.NotFound} for an unknown name, {@link ApiException.BadInput}
     *         for parameters that do not fit, a timeout, a write attempt or any other error of the query,
     *         {@link ApiException.Busy} when too many named queries are running and waiting already
     */
    public Uni<NamedQueryResult> run(String name, Map<String, JsonNode> params) {
        return Uni.createFrom().item(() -> catalog.require(name))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(query -> execute(query, params));
    }

    private Uni<NamedQueryResult> execute(NamedQueryDefinition query, Map<String, JsonNode> params) {
        long started = System.nanoTime();
        int maxRows = config.maxRows();
        Duration timeout = query.timeout().orElse(config.statementTimeout());
        return Uni.createFrom().item(() -> query.bind(params).addLong(maxRows + 1L))
                .chain(tuple -> slots.run(() -> sql.readOnly(limited(query), tuple, timeout)))
                .map(rows -> result(query, rows, maxRows, started))
                .onItemOrFailure().invoke((result, failure) -> timer(query.name(), Outcome.of(failure))
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                .onFailure(PgException.class).transform(e -> explain(query, (PgException) e, timeout));
    }

    /** One row more than the limit is asked for: it only says that the result was cut. */
    private static String limited(NamedQueryDefinition query) {
        // The query goes on its own lines, so that a '--' comment on its last line cannot swallow the limit.
        return "select * from (\n" + query.sql() + "\n) as named_query limit $" + (query.bindOrder().size() + 1);
    }

    private static NamedQueryResult result(NamedQueryDefinition query, RowSet<Row> rows, int maxRows, long started) {
        List<List<String>> values = new ArrayList<>(Math.min(rows.size(), maxRows));
        for (Row row : rows) {
            if (values.size() == maxRows) {
                break;
            }
            List<String> cells = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                cells.add(CellText.of(row.getValue(i)));
            }
            values.add(Collections.unmodifiableList(cells));
        }
        int elapsedMs = (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return new NamedQueryResult(query.name(), List.copyOf(rows.columnsNames()),
                Collections.unmodifiableList(values), values.size(), rows.size() > maxRows, elapsedMs);
    }

    private static String sqlState(PgException e) {
        return e.getSqlState() == null ? "" : e.getSqlState();
    }

    private Timer timer(String name, Outcome outcome) {
        return Timer.builder(TIMER).description("Executions of named queries, by query and outcome")
                .tag("name", name).tag("outcome", outcome.tag()).register(meters);
    }

    private static ApiException explain(NamedQueryDefinition query, PgException e, Duration timeout) {
        String name = "Named query '" + query.name() + "'";
        return switch (sqlState(e)) {
            case QUERY_CANCELED -> ApiException.badInput(name + " ran longer than its statement timeout of "
                    + timeout.toMillis() + " ms and was cancelled; ask for less (a shorter window, a lower limit)");
            case READ_ONLY_SQL_TRANSACTION -> ApiException.badInput(name + " tried to write (" + e.getErrorMessage()
                    + "); named queries run in a read-only transaction");
            case INSUFFICIENT_PRIVILEGE -> ApiException.badInput(name + " tried what reading does not need ("
                    + e.getErrorMessage() + "); named queries run as a database role that may only read");
            default -> ApiException.badInput(name + " failed in PostgreSQL: " + e.getErrorMessage() + " (SQLSTATE "
                    + e.getSqlState() + ")");
        };
    }
}
