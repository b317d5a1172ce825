package dev.greenboard.model.repository;

import java.time.Instant;

/**
 * What a webhook delivery or a report says about a repository.
 *
 * @param fullName {@code owner/name} as the sender spells it
 * @param githubId GitHub's {@code repository.id}; null for a report, which knows only the name
 * @param defaultBranch null when not said
 * @param htmlUrl null when not said
 * @param namedAt GitHub's {@code repository.updated_at}: no later than the repository got this name; null when not
 *        said. A delivery that names the repository differently but is older than its current name renames nothing.
 */
public record RepositoryFacts(String fullName, Long githubId, String defaultBranch, String htmlUrl, Instant namedAt) {

    /** What a report says: the name only. */
    public static RepositoryFacts named(String fullName) {
        return new RepositoryFacts(fullName, null, null, null, null);
    }
}
