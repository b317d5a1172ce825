package dev.greenboard.ingest.githubsync;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;

import dev.greenboard.ingest.github.WebhookIngestService;
import dev.greenboard.ingest.githubapi.GitHubApiClient;
import dev.greenboard.ingest.githubapi.GitHubApiConfig;
import dev.greenboard.ingest.githubapi.RepoRef;
import dev.greenboard.model.deployment.InstanceRole;
import dev.greenboard.model.deployment.InstanceRoles;

/**
 * Starts backfills and runs them on one worker thread of this instance (one at a time: they share the token's rate
 * limit). Backfills that were active when an instance stopped are taken up again: at start, and every minute, any
 * active backfill whose worker has not written a heartbeat for {@link #STALE_AFTER} is claimed and resumed from its
 * cursors, by whichever instance claims it first.
 */
@ApplicationScoped
public class BackfillService {

    /** A running backfill writes a heartbeat with every page; without one this long its instance is gone. */
    static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private static final Logger LOG = Logger.getLogger(BackfillService.class);

    private final GitHubApiConfig config;
    private final InstanceRoles roles;
    private final BackfillStore store;
    private final BackfillRunner runner;
    private final GitHubApiClient client;
    private final String worker = UUID.randomUUID().toString();
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "greenboard-github-backfill");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService orphans = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "greenboard-github-backfill-resume");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public BackfillService(GitHubApiConfig config, InstanceRoles roles, AgroalDataSource dataSource,
            WebhookIngestService webhooks, GitHubApiClient client) {
        this.config = config;
        this.roles = roles;
        this.client = client;
        this.store = new BackfillStore(dataSource);
        this.runner = new BackfillRunner(client, store, new SyncWriter(webhooks), dataSource);
    }

    void onStart(@Observes StartupEvent event) {
        // Backfills left behind by a stopped instance are taken up by instances that take data in.
        if (!config.authenticated() || !roles.has(InstanceRole.INGEST)) {
            return;
        }
        orphans.scheduleWithFixedDelay(this::resumeOrphans, 5, 60, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        orphans.shutdownNow();
        // Interrupts a backfill waiting for GitHub: it stays active and goes on at the next start.
        executor.shutdownNow();
    }

    /** Whether backfills can run: a token or GitHub App is configured (docs/ingest.md: unset, no sync). */
    public boolean enabled() {
        return config.authenticated();
    }

    /**
     * Starts a backfill of {@code repo} since {@code since}, or answers the one already active for it.
     *
     * @throws IllegalArgumentException when {@code repo} is not {@code owner/name}
     */
    public Backfill start(String repo, Instant since) throws SQLException {
        RepoRef ref = RepoRef.parse(repo);
        Backfill backfill = store.createOrActive(ref.fullName(), since);
        submit(backfill.id());
        return store.load(backfill.id()).orElse(backfill);
    }

    /**
     * A backfill's start: {@code YYYY-MM-DD} (midnight UTC) or an ISO-8601 time with an offset, not in the future.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Instant parseSince(String since) {
        Instant from;
        try {
            from = since.length() == 10
                    ? LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(since).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date (YYYY-MM-DD) or an ISO-8601 time: "
                    + (since.length() > 40 ? since.substring(0, 40) + "..." : since));
        }
        if (from.isAfter(Instant.now())) {
            throw new IllegalArgumentException("in the future: " + since);
        }
        if (from.isBefore(Instant.parse("2008-01-01T00:00:00Z"))) {
            throw new IllegalArgumentException("before GitHub existed: " + since);
        }
        return from;
    }

    public Optional<Backfill> backfill(long id) throws SQLException {
        return store.load(id);
    }

    /** The repository's backfills, newest first. */
    public List<Backfill> backfills(String repo, int limit) throws SQLException {
        return store.ofRepo(repo, limit);
    }

    /** While a request of this instance waits for GitHub's rate limit: until when. */
    public Optional<Instant> waitingUntil() {
        return client.waitingUntil();
    }

    /** Runs a claimed backfill now, on the calling thread (tests, and the worker thread). */
    BackfillRunner.Outcome runNow(long id) throws SQLException {
        if (!store.claim(id, worker, STALE_AFTER)) {
            return null;
        }
        return runner.run(id);
    }

    private void submit(long id) {
        if (!running.add(id)) {
            return;
        }
        try {
            Future<?> ignored = executor.submit(() -> {
                try {
                    runNow(id);
                } catch (SQLException | RuntimeException e) {
                    LOG.warnf(e, "Backfill [%d] could not run", id);
                } finally {
                    running.remove(id);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.remove(id);
        }
    }

    /** Takes up active backfills that nobody runs (their instance stopped). */
    void resumeOrphans() {
        try {
            for (Backfill backfill : store.active()) {
                if (running.contains(backfill.id())) {
                    continue;
                }
                boolean orphan = backfill.state().equals("queued") || backfill.heartbeatAt() == null
                        || backfill.heartbeatAt().isBefore(Instant.now().minus(STALE_AFTER));
                if (orphan) {
                    LOG.infof("Backfill [%d] of [%s] resumes from its cursor (phase %s)", backfill.id(),
                            backfill.repo(), backfill.phase());
                    submit(backfill.id());
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Active backfills could not be looked up: %s", e.getMessage());
        }
    }
}
