package dev.greenboard.api.read;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.PoolOptions;

import dev.greenboard.model.database.DatabaseUrl;

/**
 * Where the public reads go: a hot standby of {@code GREENBOARD_DB_READ_URLS} that is up and has replayed what the
 * primary wrote up to {@code GREENBOARD_READ_MAX_LAG} ago (round robin among those), else the primary. Writes, token
 * checks and reads that must see what was just committed never come here: they use the primary's pools.
 * <p>
 * Every {@code probe-interval} the primary's WAL position is sampled and each replica's replayed position compared
 * with the samples ({@link ReplicaProgress}). A replica that does not answer its probe, or fails a read with a
 * connection error, is skipped at once; the failed read runs again on the primary, so a replica that dies costs no
 * request.
 */
@ApplicationScoped
public class ReadReplicas {

    private static final Logger LOG = Logger.getLogger(ReadReplicas.class);

    /** One standby, its pools and what the probes know of it. */
    private record Replica(String name, Pool pool, AgroalDataSource jdbc, ReplicaProgress progress, Counter reads) {
    }

    private final List<Replica> replicas = new ArrayList<>();
    private final Pool primary;
    private final AgroalDataSource primaryJdbc;
    private final Counter primaryReads;
    private final Vertx vertx;
    private final Duration maxLag;
    private final Duration probeInterval;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();
    private long timer = -1;

    public ReadReplicas(ReadReplicasConfig config, Pool primary, AgroalDataSource primaryJdbc, Vertx vertx,
            MeterRegistry meters,
            @ConfigProperty(name = "quarkus.datasource.reactive.additional-properties.statement_timeout", defaultValue = "15000") String statementTimeout) {
        this.primary = primary;
        this.primaryJdbc = primaryJdbc;
        this.vertx = vertx;
        this.maxLag = config.maxLag();
        this.probeInterval = config.probeInterval();
        this.primaryReads = reads(meters, "primary");
        List<String> urls = config.urls().orElse(List.of()).stream().map(String::strip).filter(u -> !u.isEmpty())
                .toList();
        for (int i = 0; i < urls.size(); i++) {
            DatabaseUrl url;
            try {
                url = DatabaseUrl.parse(urls.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("GREENBOARD_DB_READ_URLS, entry " + (i + 1) + ": " + e.getMessage(),
                        e);
            }
            String name = url.host() + ":" + url.port();
            PgConnectOptions options = PgConnectOptions.fromUri(url.reactiveUrl()).setUser(url.user())
                    .setPassword(url.password() == null ? "" : url.password()).setCachePreparedStatements(true)
                    .addProperty("statement_timeout", statementTimeout);
            Pool pool = Pool.pool(vertx, options, new PoolOptions().setMaxSize(config.poolSize()));
            Replica replica = new Replica(name, pool, jdbc(url, Math.max(2, config.poolSize() / 4)),
                    new ReplicaProgress(), reads(meters, name));
            replicas.add(replica);
            Gauge.builder("greenboard.read_replica.lag.seconds", replica,
                    r -> r.progress().lag(Instant.now(), staleAfter()).map(l -> l.toMillis() / 1000.0)
                            .orElse(Double.NaN))
                    .tag("replica", name).description("How far the replica is behind the primary (NaN: unreachable)")
                    .register(meters);
            Gauge.builder("greenboard.read_replica.usable", replica, r -> usable(r, Instant.now()) ? 1 : 0)
                    .tag("replica", name).description("1 when reads go to the replica").register(meters);
            LOG.infof("Reads may go to the replica %s when it lags less than %s", url.redacted(), maxLag);
        }
    }

    private static Counter reads(MeterRegistry meters, String pool) {
        return Counter.builder("greenboard.api.reads").tag("pool", pool)
                .description("Statements of the public reads, by the pool that ran them").register(meters);
    }

    private static AgroalDataSource jdbc(DatabaseUrl url, int size) {
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(
                    pool -> pool.maxSize(size).acquisitionTimeout(Duration.ofSeconds(5))
                            .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url.jdbcUrl())
                                    .principal(new NamePrincipal(url.user()))
                                    .credential(new SimplePassword(url.password() == null ? "" : url.password()))
                                    .readOnly(true))));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot set up the JDBC pool of replica " + url.redacted(), e);
        }
    }

    void start(@Observes StartupEvent started) {
        if (!replicas.isEmpty()) {
            timer = vertx.setPeriodic(probeInterval.toMillis(), ignored -> probe());
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        for (Replica replica : replicas) {
            replica.pool().closeAndForget();
            replica.jdbc().close();
        }
    }

    /** Samples the primary's WAL position, then asks each replica how far it replayed. */
    private void probe() {
        if (!probing.compareAndSet(false, true)) {
            return; // the previous probe is still waiting for an answer
        }
        Instant at = Instant.now();
        Duration timeout = probeInterval.multipliedBy(5);
        primary.query("select pg_current_wal_lsn()::text as lsn").execute()
                .map(rows -> ReplicaProgress.parseLsn(rows.iterator().next().getString("lsn")))
                .chain(primaryLsn -> Uni.join().all(replicas.stream().map(replica -> replica.pool().query("""
                        select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn()
                                     else pg_current_wal_lsn() end)::text as lsn""").execute()
                        .ifNoItem().after(timeout).fail()
                        .invoke(rows -> {
                            String lsn = rows.iterator().next().getString("lsn");
                            if (lsn == null) {
                                replica.progress().failed("it has replayed no WAL");
                            } else {
                                replica.progress().observed(at, primaryLsn, ReplicaProgress.parseLsn(lsn));
                            }
                        })
                        .onFailure().invoke(failure -> replica.progress().failed(String.valueOf(failure.getMessage())))
                        .replaceWithVoid().onFailure().recoverWithNull()).toList()).andCollectFailures())
                .subscribe().with(done -> probing.set(false), failure -> {
                    // The primary did not answer: nothing can be compared, and what is known goes stale by itself.
                    probing.set(false);
                    LOG.debugf("Probing the read replicas failed on the primary: %s", failure.getMessage());
                });
    }

    private Duration staleAfter() {
        // A replica that has not answered for this long is not used, whatever its last lag. Five probes: one late
        // probe on a busy machine does not send every read to the primary.
        return maxLag.plus(probeInterval.multipliedBy(5));
    }

    private boolean usable(Replica replica, Instant now) {
        return replica.progress().lag(now, staleAfter()).filter(lag -> lag.compareTo(maxLag) <= 0).isPresent();
    }

    private Optional<Replica> pick() {
        if (replicas.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        int start = Math.floorMod(next.getAndIncrement(), replicas.size());
        for (int i = 0; i < replicas.size(); i++) {
            Replica replica = replicas.get((start + i) % replicas.size());
            if (usable(replica, now)) {
                return Optional.of(replica);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs a read on a usable replica, or on {@code home} (the primary's pool, or the reader role's on the same
     * server); a read that meets a replica's connection failure runs again on {@code home}, and the replica is skipped
     * until a probe finds it back.
     */
    public <T> Uni<T> read(Pool home, Function<Pool, Uni<T>> read) {
        Optional<Replica> chosen = pick();
        if (chosen.isEmpty()) {
            primaryReads.increment();
            return read.apply(home);
        }
        Replica replica = chosen.get();
        replica.reads().increment();
        return Uni.createFrom().deferred(() -> read.apply(replica.pool()))
                .onFailure(ReadReplicas::isConnectionFailure).recoverWithUni(failure -> {
                    replica.progress().failed(String.valueOf(failure.getMessage()));
                    LOG.infof("Replica %s failed a read (%s); read again on the primary", replica.name(),
                            failure.getMessage());
                    primaryReads.increment();
                    return read.apply(home);
                });
    }

    /** The JDBC pool for a blocking read (the rollups' rows): a usable replica's, or the primary's. */
    public AgroalDataSource readDataSource() {
        Optional<Replica> chosen = pick();
        chosen.ifPresentOrElse(r -> r.reads().increment(), primaryReads::increment);
        return chosen.map(Replica::jdbc).orElse(primaryJdbc);
    }

    /** The primary's JDBC pool, for a read that a replica's connection failure sends back there. */
    public AgroalDataSource primaryDataSource() {
        return primaryJdbc;
    }

    /** Whether the failure means the replica is away (not that the statement was wrong). */
    static boolean isConnectionFailure(Throwable failure) {
        if (failure instanceof ConnectException || failure instanceof ClosedConnectionException) {
            return true;
        }
        if (failure instanceof PgException pg) {
            // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
            return List.of("57P01", "57P02", "57P03", "53300").contains(pg.getSqlState());
        }
        if (failure instanceof VertxException vertx && failure.getCause() != null) {
            return isConnectionFailure(vertx.getCause());
        }
        return failure.getCause() != null && failure.getCause() != failure && isConnectionFailure(failure.getCause());
    }

    /** Each replica's state as readiness shows it: whether reads go there, its lag, its last error. */
    public Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (Replica replica : replicas) {
            Map<String, String> state = new LinkedHashMap<>();
            Optional<Duration> lag = replica.progress().lag(now, staleAfter());
            state.put("usable", Boolean.toString(usable(replica, now)));
            state.put("lagMs", lag.map(l -> Long.toString(l.toMillis())).orElse("unknown"));
            if (replica.progress().lastError() != null) {
                state.put("error", replica.progress().lastError());
            }
            states.put(replica.name(), state.toString());
        }
        return states;
    }
}
