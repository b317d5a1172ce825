package dev.greenboard.metrics.rollup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;

import dev.greenboard.model.deployment.InstanceRole;
import dev.greenboard.model.deployment.InstanceRoles;

/**
 * Puts every rollup on its cron schedule (configurable per rollup). Each instance with the {@code rollups} role
 * schedules all rollups; the {@link RollupRunner} makes sure one of them runs each period.
 */
@ApplicationScoped
public class RollupScheduler {

    private static final Logger LOG = Logger.getLogger(RollupScheduler.class);

    private final RollupRunner runner;
    private final Scheduler scheduler;
    private final RollupsConfig config;
    private final InstanceRoles roles;

    public RollupScheduler(RollupRunner runner, Scheduler scheduler, RollupsConfig config, InstanceRoles roles) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.config = config;
        this.roles = roles;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.schedulerEnabled()) {
            LOG.info("Rollups are not scheduled in this instance (greenboard.rollups.scheduler-enabled=false)");
            return;
        }
        if (!roles.has(InstanceRole.ROLLUPS)) {
            LOG.infof("Rollups are not scheduled in this instance (its roles are %s, without rollups)",
                    roles.roles());
            return;
        }
        for (Rollup rollup : runner.rollups()) {
            String cron = scheduleOf(rollup);
            scheduler.newJob("rollup-" + rollup.name())
                    .setCron(cron)
                    .setConcurrentExecution(ConcurrentExecution.SKIP)
                    .setTask(execution -> runner.runScheduled(rollup.name(), execution.getScheduledFireTime()))
                    .schedule();
            LOG.debugf("Rollup[%s] scheduled at [%s]", rollup.name(), cron);
        }
    }

    public String scheduleOf(Rollup rollup) {
        return config.schedule().getOrDefault(rollup.name(), rollup.defaultSchedule());
    }
}
