package dev.greenboard.model.settings;

import java.util.List;
import java.util.Optional;

/**
 * An edit of a repository's settings. Each field is left alone when null, set when present, and reset to the
 * configured default when an empty Optional: an editor changes only what it names.
 */
public record SettingsChange(Optional<String> defaultBranch, Optional<List<String>> blockingWorkflows,
        Optional<List<String>> hudColumnGroups, Optional<String> jobNamePattern) {
}
