package dev.greenboard.metrics.alerts;

import dev.greenboard.metrics.changes.ChangeSentence;
import dev.greenboard.metrics.changes.DailySeries;

/**
 * One daily series the metric-changes rollup tests: a metric of a repository, per key (job or runner label; '' for
 * the red rate), with the words its alerts use.
 */
record WatchedSeries(long repoId, String repo, String metric, String key, ChangeSentence sentence,
        DailySeries series) {
}
