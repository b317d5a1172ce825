package dev.greenboard.metrics.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;

import dev.greenboard.metrics.MetricsConfig;

/**
 * Puts every metrics job on its cron schedule (configurable per job). Each instance schedules all jobs; the
 * {@link JobRunner} makes sure one instance runs each period.
 */
@ApplicationScoped
public class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class);

    private final JobRunner runner;
    private final Scheduler scheduler;
    private final MetricsConfig config;

    public JobScheduler(JobRunner runner, Scheduler scheduler, MetricsConfig config) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.schedulerEnabled()) {
            LOG.info("Metrics jobs are not scheduled in this instance (greenboard.metrics.scheduler-enabled=false)");
            return;
        }
        for (MetricsJob job : runner.jobs()) {
            String cron = scheduleOf(job);
            scheduler.newJob("metrics-" + job.name())
                    .setCron(cron)
                    .setConcurrentExecution(ConcurrentExecution.SKIP)
                    .setTask(execution -> runner.runScheduled(job.name(), execution.getScheduledFireTime()))
                    .schedule();
            LOG.debugf("Metrics job[%s] scheduled at [%s]", job.name(), cron);
        }
    }

    public String scheduleOf(MetricsJob job) {
        return config.schedule().getOrDefault(job.name(), job.defaultSchedule());
    }
}
