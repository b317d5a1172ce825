package dev.greenboard.model.settings;

import java.time.Instant;
import java.util.List;

/**
 * The settings of one repository as every reader uses them: what was set for it, else the configured default. Each
 * value says whether it was set for this repository ({@code set}) or comes from the default.
 *
 * @param version the stored version (0 before the first edit); an edit names it to be applied
 * @param updatedAt the last edit, null before the first
 * @param blockingWorkflows empty means every workflow blocks
 * @param hudColumnGroups ordered {@code Name=regex} entries
 */
public record EffectiveSettings(long repoId, int version, Instant updatedAt, Value<String> defaultBranch,
        Value<List<String>> blockingWorkflows, Value<List<String>> hudColumnGroups, Value<String> jobNamePattern) {

    /** One setting: its value and whether it was set for this repository. */
    public record Value<T>(T value, boolean set) {
    }
}
