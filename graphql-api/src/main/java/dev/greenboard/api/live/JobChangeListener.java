package dev.greenboard.api.live;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

import dev.greenboard.api.job.Job;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.model.ci.JobChangeNotices;

/**
 * Listens on PostgreSQL's {@value JobChangeNotices#CHANNEL} channel, where every instance announces the jobs its
 * webhooks changed, and turns each notice into the stored job for this instance's live views. A change that reached
 * another instance is therefore pushed here as fast as one that reached this one: there is no other path.
 *
 * <p>
 * The listening connection is its own (a pooled one could not keep {@code LISTEN}); when it drops (the database
 * restarted, a proxy cut it) it is opened again with back-off and listens again, and the subscriptions of clients are
 * untouched. Notices sent while it was away are not replayed (PostgreSQL keeps none for an absent listener): a live
 * view misses those changes until their job changes again or the page reloads, which reads the stored state.
 */
@ApplicationScoped
public class JobChangeListener {

    private static final Logger LOG = Logger.getLogger(JobChangeListener.class);
    private static final long MAX_RECONNECT_DELAY_MS = 5_000;

    private final BroadcastProcessor<Job> jobs = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final ReadSql sql;
    private final Vertx vertx;
    private final PgConnectOptions connectOptions;
    private PgSubscriber subscriber;

    public JobChangeListener(ReadSql sql, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            // Optional: a server that trusts loopback needs none (an empty default counts as missing).
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.sql = sql;
        this.vertx = vertx;
        this.connectOptions = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", "")).setUser(user)
                .setPassword(password.orElse(""));
    }

    void start(@Observes StartupEvent started) {
        subscriber = PgSubscriber.subscriber(vertx, connectOptions)
                // Always reconnect: 100 ms, 200 ms, ... then every 5 s for as long as the database is away.
                .reconnectPolicy(retries -> Math.min(MAX_RECONNECT_DELAY_MS, 100L << Math.min(retries, 16)));
        subscriber.channel(JobChangeNotices.CHANNEL).subscribeHandler(ignored -> LOG.debug("Listening for job changes"))
                .handler(this::onNotice);
        subscriber.closeHandler(ignored -> LOG.warn("Stopped listening for job changes"));
        connect();
    }

    private void connect() {
        subscriber.connect().onFailure(failure -> {
            // The first connection is not covered by the reconnect policy: try again until it works.
            LOG.infof("Cannot listen for job changes yet (%s); trying again", failure.getMessage());
            vertx.setTimer(MAX_RECONNECT_DELAY_MS, ignored -> connect());
        });
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /** Every changed job, as stored, for as long as the caller subscribes. */
    public Multi<Job> changedJobs() {
        return jobs.onSubscription().invoke(subscribers::incrementAndGet)
                .onTermination().invoke(subscribers::decrementAndGet);
    }

    /** Whether the channel is being listened to now (false while the database is away). */
    public boolean listening() {
        return subscriber != null && !subscriber.closed() && subscriber.actualConnection() != null;
    }

    private void onNotice(String payload) {
        OptionalLong jobId = JobChangeNotices.jobId(payload);
        if (jobId.isEmpty() || subscribers.get() == 0) {
            return; // nobody watches: no read
        }
        // From the primary: a replica may not have replayed the change it was just told about.
        sql.pool().preparedQuery("select " + Job.COLUMNS + " from job j where j.id = $1")
                .execute(Tuple.of(jobId.getAsLong()))
                .subscribe().with(rows -> {
                    if (rows.iterator().hasNext()) {
                        jobs.onNext(Job.from(rows.iterator().next()));
                    }
                }, failure -> LOG.warnf("Reading changed job %d failed: %s", jobId.getAsLong(), failure.getMessage()));
    }
}
