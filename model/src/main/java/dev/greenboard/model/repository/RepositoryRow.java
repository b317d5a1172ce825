package dev.greenboard.model.repository;

import java.time.Instant;

/**
 * A repository row as stored: its id, its current name and what GitHub last told about it.
 *
 * @param githubId GitHub's {@code repository.id}; null for a repository known only from reports
 * @param namedAt when GitHub last named it (see {@link RepositoryFacts#namedAt()}); null when not known
 */
public record RepositoryRow(long id, String fullName, Long githubId, String defaultBranch, String htmlUrl,
        Instant namedAt) {

    /** Whether storing these facts would change nothing; a {@code null} fact is "not known", never a change. */
    public boolean holds(RepositoryFacts facts) {
        return fullName.equals(facts.fullName())
                && (facts.githubId() == null || facts.githubId().equals(githubId))
                && (facts.defaultBranch() == null || facts.defaultBranch().equals(defaultBranch))
                && (facts.htmlUrl() == null || facts.htmlUrl().equals(htmlUrl));
    }

    /**
     * Whether a delivery that spells the name {@code otherName} and was sent at {@code sentAt} (GitHub's
     * {@code repository.updated_at}) renames this repository: not when it is older than the current name.
     */
    boolean renamedBy(String otherName, Instant sentAt) {
        return !fullName.equals(otherName) && (namedAt == null || sentAt == null || !sentAt.isBefore(namedAt));
    }
}
