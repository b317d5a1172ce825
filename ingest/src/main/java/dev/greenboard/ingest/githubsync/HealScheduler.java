package dev.greenboard.ingest.githubsync;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import dev.greenboard.ingest.github.WebhookIngestService;
import dev.greenboard.ingest.githubapi.GitHubApiClient;
import dev.greenboard.ingest.githubapi.GitHubApiConfig;
import dev.greenboard.model.deployment.InstanceRole;
import dev.greenboard.model.deployment.InstanceRoles;

/**
 * Runs the healing reconciler every {@code greenboard.github.heal-interval} on a thread of its own; off without a
 * token (or App), or with an interval of 0. Each run takes an advisory lock, so several instances heal once.
 */
@ApplicationScoped
public class HealScheduler {

    private static final Logger LOG = Logger.getLogger(HealScheduler.class);

    private final GitHubApiConfig config;
    private final InstanceRoles roles;
    private final GitHubHealer healer;
    private final AgroalDataSource dataSource;
    private final AtomicLong lastRunEpochSeconds = new AtomicLong();
    private ScheduledExecutorService executor;

    public HealScheduler(GitHubApiConfig config, InstanceRoles roles, GitHubApiClient client,
            AgroalDataSource dataSource, WebhookIngestService webhooks, MeterRegistry meters) {
        this.config = config;
        this.roles = roles;
        this.dataSource = dataSource;
        this.healer = new GitHubHealer(client, config, dataSource, new SyncWriter(webhooks), meters,
                Clock.systemUTC());
        meters.gauge("greenboard.github.heal.last.run.seconds", lastRunEpochSeconds, AtomicLong::doubleValue);
    }

    /** Whether healing runs on a schedule here: with a token, an interval and the {@code ingest} role. */
    public boolean enabled() {
        return config.authenticated() && !config.healInterval().isZero() && !config.healInterval().isNegative()
                && roles.has(InstanceRole.INGEST);
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled()) {
            LOG.debugf("GitHub healing is off (%s)", !config.authenticated()
                    ? "no token"
                    : roles.has(InstanceRole.INGEST) ? "heal-interval 0" : "no ingest role");
            return;
        }
        Duration interval = config.healInterval();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "greenboard-github-heal");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.infof("GitHub healing every [%s]: jobs and runs unfinished for [%s] are read again%s", interval,
                config.healAfter(), config.hookId().isPresent() ? ", failed hook deliveries redelivered" : "");
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** One run now, on the calling thread. */
    public GitHubHealer.Report healNow() throws SQLException {
        GitHubHealer.Report report = healer.healOnce();
        if (report.ran()) {
            lastRunEpochSeconds.set(System.currentTimeMillis() / 1000);
        }
        return report;
    }

    public GitHubHealer.State state() throws SQLException {
        return GitHubHealer.state(dataSource);
    }

    private void runQuietly() {
        try {
            healNow();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("GitHub healing failed: %s", e.getMessage());
        }
    }
}
