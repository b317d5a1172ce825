package dev.greenboard.metrics.logs;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;
import dev.greenboard.model.joblog.JobLogException;
import dev.greenboard.model.joblog.JobLogSource;

/**
 * Failed jobs log classifications (issue 16, PyTorch's panel 27): reads the log of each failed, cancelled or
 * timed-out job of the default branch not classified yet, oldest first within the horizon and a bounded number per
 * run, and stores what the rules found ({@code job_log_classification}): the winning rule with its line, "no rule
 * matched", or "log unavailable" when GitHub says the log is gone (410) or it could not be read in
 * {@code max-attempts} tries; each job is read once. A log that could not be read this time (5xx, no answer, 404, a
 * body that broke off or outlasted the run) is tried again after a wait that doubles ({@code job_log_attempt}); a
 * used-up rate limit ends the run, and a token GitHub refuses for a repository skips that repository's jobs.
 */
@ApplicationScoped
public class LogClassificationsRollup implements Rollup {

    private static final Logger LOG = Logger.getLogger(LogClassificationsRollup.class);
    private static final Duration MAX_RETRY_WAIT = Duration.ofHours(12);

    private final LogClassificationConfig config;
    private final Instance<JobLogSource> sources;
    private final LogClassifier classifier;

    public LogClassificationsRollup(LogClassificationConfig config, Instance<JobLogSource> sources) {
        this.config = config;
        this.sources = sources;
        this.classifier = new LogClassifier(rules(config), config.maxLineChars());
    }

    /**
     * Creates the bean when the application starts, whatever this instance's roles: a rule whose pattern is not valid
     * RE2 stops the start with a message naming it, rather than failing the first run minutes later.
     */
    void onStart(@Observes StartupEvent event) {
        LOG.debugf("Log classification rules: %s", classifier.rules().stream().map(ClassificationRule::name).toList());
    }

    /** The built-in rules (unless turned off) with the configured ones added, a configured one replacing by name. */
    static List<ClassificationRule> rules(LogClassificationConfig config) {
        Map<String, ClassificationRule> byName = new LinkedHashMap<>();
        if (config.defaultRules()) {
            DefaultRules.all().forEach(rule -> byName.put(rule.name(), rule));
        }
        config.rules().forEach((name, rule) -> byName.put(name,
                ClassificationRule.of(name, rule.pattern(), rule.priority())));
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("No log classification rules: greenboard.log-classification"
                    + ".default-rules is false and no greenboard.log-classification.rules are set");
        }
        return new ArrayList<>(byName.values());
    }

    @Override
    public String name() {
        return "log-classifications";
    }

    @Override
    public String description() {
        return "Failed, cancelled and timed-out jobs of the default branch by what their log shows: the log read from"
                + " GitHub once per job, classified by the highest-priority rule that matches a line";
    }

    /** Every 10 minutes: a failure is named while people still look at it, at a few requests a minute. */
    @Override
    public String defaultSchedule() {
        return "0 4/10 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Optional<String> off = sources.isResolvable()
                ? sources.get().unavailableReason()
                : Optional.of("no job log source in this application");
        if (off.isPresent()) {
            return RollupOutcome.of(0, "off: " + off.get());
        }
        JobLogSource source = sources.get();
        Connection connection = context.connection();
        OffsetDateTime now = context.now().atOffset(ZoneOffset.UTC);
        long deadline = System.nanoTime() + config.maxRunTime().toNanos();
        Counts counts = new Counts();
        String stopped = null;
        Map<Long, String> refused = new LinkedHashMap<>();
        for (Candidate job : candidates(connection, now)) {
            if (System.nanoTime() > deadline) {
                stopped = "took longer than " + config.maxRunTime();
                break;
            }
            if (refused.containsKey(job.repoId())) {
                continue;
            }
            try (InputStream in = source.open(job.repo(), job.id());
                    LogLines lines = new LogLines(in, config.maxLogBytes());
                    Watchdog watchdog = Watchdog.closing(in, deadline)) {
                Optional<Classification> found = classifier.classify(lines);
                if (watchdog.fired()) {
                    throw new IOException("the download outlasted the run's " + config.maxRunTime());
                }
                counts.written += store(connection, job, found.orElse(null), found.isPresent()
                        ? "matched"
                        : "no_match", lines.bytesRead(), now);
                if (found.isPresent()) {
                    counts.matched++;
                } else {
                    counts.unmatched++;
                }
            } catch (JobLogException e) {
                if (e.gone()) {
                    counts.written += store(connection, job, null, "unavailable", 0, now);
                    counts.unavailable++;
                } else if (e.reason() == JobLogException.Reason.RATE_LIMITED) {
                    // Every other log would be refused the same way: the next run asks again.
                    stopped = e.getMessage();
                    LOG.warnf("Log classification stopped at job[%d] of [%s]: %s", job.id(), job.repo(),
                            e.getMessage());
                    break;
                } else if (e.reason() == JobLogException.Reason.REFUSED) {
                    // The token may not read this repository's logs: the others' are still read.
                    refused.put(job.repoId(), job.repo() + ": " + e.getMessage());
                    LOG.warnf("Logs of [%s] refused, skipped until the next run: %s", job.repo(), e.getMessage());
                } else {
                    counts.written += failedAttempt(connection, job, e.getMessage(), now, counts);
                }
            } catch (IOException e) {
                counts.written += failedAttempt(connection, job, "the log broke off while read: " + e.getMessage(),
                        now, counts);
            }
        }
        String detail = counts.matched + " matched a rule, " + counts.unmatched + " matched none, "
                + counts.unavailable + " logs unavailable, " + counts.failed + " not read (tried again later)"
                + (refused.isEmpty() ? "" : "; refused: " + String.join("; ", refused.values()))
                + (stopped == null ? "" : "; stopped early: " + stopped);
        return RollupOutcome.of(counts.written, detail);
    }

    /**
     * A log that could not be read this time: tried again after a wait that doubles with each try, and stored as
     * unavailable after {@code max-attempts} tries.
     */
    private int failedAttempt(Connection connection, Candidate job, String error, OffsetDateTime now, Counts counts)
            throws SQLException {
        int attempts;
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into job_log_attempt as a (job_id, attempts, next_attempt_at, last_error)
                values (?, 1, ?, ?)
                on conflict (job_id) do update set attempts = a.attempts + 1, last_error = excluded.last_error
                returning attempts""")) {
            statement.setLong(1, job.id());
            statement.setObject(2, now);
            statement.setString(3, error);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                attempts = rs.getInt(1);
            }
        }
        if (attempts >= config.maxAttempts()) {
            LOG.warnf("Log of job[%d] of [%s] not read in %d tries, stored as unavailable: %s", job.id(), job.repo(),
                    attempts, error);
            counts.unavailable++;
            return store(connection, job, null, "unavailable", 0, now);
        }
        Duration wait = config.retryAfter().multipliedBy(1L << Math.min(attempts - 1, 16));
        if (wait.compareTo(MAX_RETRY_WAIT) > 0) {
            wait = MAX_RETRY_WAIT;
        }
        try (PreparedStatement statement = connection
                .prepareStatement("update job_log_attempt set next_attempt_at = ? where job_id = ?")) {
            statement.setObject(1, now.plus(wait));
            statement.setLong(2, job.id());
            statement.executeUpdate();
        }
        LOG.warnf("Log of job[%d] of [%s] not read (try %d), tried again after %s: %s", job.id(), job.repo(),
                attempts, wait, error);
        counts.failed++;
        return 1;
    }

    /** Failed jobs of the default branch, completed within the horizon and long enough ago, not classified yet. */
    private List<Candidate> candidates(Connection connection, OffsetDateTime now) throws SQLException {
        List<Candidate> jobs = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select j.id, r.full_name, j.repo_id, j.completed_at
                  from job j
                  join repository r on r.id = j.repo_id
                  join repository_default_branch d on d.repo_id = j.repo_id
                 where j.status = 'completed' and j.conclusion in ('failure', 'cancelled', 'timed_out')
                   and j.completed_at >= ? and j.completed_at <= ?
                   and j.head_branch = d.default_branch
                   and not exists (select 1 from job_log_classification c where c.job_id = j.id)
                   and not exists (select 1 from job_log_attempt a where a.job_id = j.id and a.next_attempt_at > ?)
                 order by j.completed_at, j.id
                 limit ?""")) {
            statement.setObject(1, now.minusDays(config.horizonDays()));
            statement.setObject(2, now.minus(config.logDelay()));
            statement.setObject(3, now);
            statement.setInt(4, Math.max(1, config.maxJobsPerRun()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new Candidate(rs.getLong(1), rs.getString(2), rs.getLong(3),
                            rs.getObject(4, OffsetDateTime.class)));
                }
            }
        }
        return jobs;
    }

    /** One row per job; another instance that classified it first keeps its row. */
    private static int store(Connection connection, Candidate job, Classification found, String outcome,
            long bytesRead, OffsetDateTime now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into job_log_classification (job_id, repo_id, outcome, rule, captured, line, line_number,
                                                    bytes_read, completed_at, classified_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (job_id) do nothing""")) {
            insert.setLong(1, job.id());
            insert.setLong(2, job.repoId());
            insert.setString(3, outcome);
            insert.setString(4, found == null ? null : found.rule());
            insert.setString(5, found == null ? null : found.captured());
            insert.setString(6, found == null ? null : found.line());
            insert.setObject(7, found == null ? null : found.lineNumber(), java.sql.Types.INTEGER);
            insert.setLong(8, bytesRead);
            insert.setObject(9, job.completedAt());
            insert.setObject(10, now);
            return insert.executeUpdate();
        }
    }

    private record Candidate(long id, String repo, long repoId, OffsetDateTime completedAt) {
    }

    private static final class Counts {

        long written;
        int matched;
        int unmatched;
        int unavailable;
        int failed;
    }
}
