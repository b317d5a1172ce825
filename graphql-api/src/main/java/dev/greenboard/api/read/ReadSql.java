package dev.greenboard.api.read;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.model.database.DatabaseUrl;

/**
 * The one door through which the public API reads the database: plain SQL on the reactive pool (no session shared
 * between concurrently resolved fields), every statement counted, so that tests can prove a nested query costs a
 * constant number of statements. The pool's connections carry a statement timeout (see application.properties).
 * Reads go to a read replica when one is usable ({@link ReadReplicas}), else to this door's own pool; {@link #pool()}
 * is that own pool (the primary's, or the reader role's for {@link #asReader()}).
 */
@ApplicationScoped
public class ReadSql {

    private final Pool pool;
    private final Pool readerPool;
    private final ReadReplicas replicas;
    private final Counter statements;
    private final ReadSql asReader;

    /**
     * {@code readerPool}: the {@value DatabaseUrl#READER_DATASOURCE} datasource, connected as the read-only role of
     * the embedded server (as the owner on a server of {@code GREENBOARD_DB_URL}, which has one role).
     */
    @Inject
    public ReadSql(Pool pool, @ReactiveDataSource(DatabaseUrl.READER_DATASOURCE) Pool readerPool,
            ReadReplicas replicas, MeterRegistry meters) {
        this.pool = pool;
        this.readerPool = readerPool;
        this.replicas = replicas;
        this.statements = Counter.builder("greenboard.api.sql.statements")
                .description("SQL statements run by the public read API").register(meters);
        this.asReader = new ReadSql(readerPool, replicas, statements);
    }

    private ReadSql(Pool readerPool, ReadReplicas replicas, Counter statements) {
        this.pool = readerPool;
        this.readerPool = readerPool;
        this.replicas = replicas;
        this.statements = statements;
        this.asReader = this;
    }

    /**
     * The same reads on the read-only role's pool: for reads shaped by their caller (document filters), so that
     * whatever such a read turns out to do, PostgreSQL allows it no more than {@code SELECT}.
     */
    public ReadSql asReader() {
        return asReader;
    }

    public <T> Uni<List<T>> list(String sql, Tuple params, Function<Row, T> mapper) {
        statements.increment();
        return replicas.read(pool, reads -> reads.preparedQuery(sql).execute(params)).map(rows -> {
            List<T> out = new java.util.ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(mapper.apply(row));
            }
            return out;
        });
    }

    /**
     * Hands every row to {@code add} as it is read, for answers built straight from the rows (no list of per-row
     * objects in between); the Uni answers {@code into}.
     */
    public <A> Uni<A> fold(String sql, Tuple params, A into, BiConsumer<A, Row> add) {
        statements.increment();
        return replicas.read(pool, reads -> reads.preparedQuery(sql).execute(params)).map(rows -> {
            for (Row row : rows) {
                add.accept(into, row);
            }
            return into;
        });
    }

    public <T> Uni<T> one(String sql, Tuple params, Function<Row, T> mapper) {
        return list(sql, params, mapper).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /**
     * Runs a statement the API did not write itself (a named query) as the read-only role, in a read-only
     * transaction with its own statement timeout. The transaction is always rolled back, never committed: whatever the statement managed to change, such
     * as a session setting through {@code set_config}, must not outlive it on the pooled connection.
     * <p>
     * Cancelling the Uni (the request's time budget ran out) asks PostgreSQL to cancel the statement: it would
     * otherwise run on, holding its pooled connection, until its own timeout.
     */
    public Uni<RowSet<Row>> readOnly(String sql, Tuple params, Duration timeout) {
        return Uni.createFrom().deferred(() -> {
            AtomicReference<SqlConnection> running = new AtomicReference<>();
            statements.increment(4); // begin, timeout, the statement, rollback
            return replicas.read(readerPool, reads -> reads
                    .withConnection(connection -> connection.query("begin transaction read only").execute()
                            .chain(() -> connection.preparedQuery("select set_config('statement_timeout', $1, true)")
                                    .execute(Tuple.of(timeout.toMillis() + "ms")))
                            .invoke(() -> running.set(connection))
                            .chain(() -> connection.preparedQuery(sql).execute(params))
                            .eventually(() -> {
                                running.set(null);
                                return connection.query("rollback").execute();
                            })))
                    .onCancellation().invoke(() -> {
                        SqlConnection connection = running.getAndSet(null);
                        if (connection != null) {
                            PgConnection.cast(connection).cancelRequestAndForget();
                        }
                    });
        });
    }

    /** How many statements the read API has run since start (tests compare before and after). */
    public long statementCount() {
        return (long) statements.count();
    }

    public Pool pool() {
        return pool;
    }
}
