package dev.greenboard.metrics.health;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** Which workflows decide whether a commit is green (SPEC §6, commit red rate). */
@ConfigMapping(prefix = "greenboard.metrics")
public interface CommitHealthConfig {

    /**
     * Blocking workflows per repository, by workflow name:
     * {@code greenboard.metrics.blocking-workflows."owner/name"=pull,trunk}. A repository that is not listed (or is
     * listed with no names) counts every workflow. After a change, run {@code commit-health} once with
     * {@code full=true} to reclassify older commits.
     */
    Map<String, List<String>> blockingWorkflows();

    /** The blocking workflow names of a repository; empty means every workflow. */
    default List<String> blockingWorkflowsOf(String repo) {
        return blockingWorkflows().getOrDefault(repo, List.of()).stream().map(String::trim)
                .filter(name -> !name.isEmpty()).toList();
    }
}
