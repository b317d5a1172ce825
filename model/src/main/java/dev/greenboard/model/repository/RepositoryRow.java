package dev.greenboard.model.repository;

/**
 * A repository row as stored: its id and what GitHub last told about it.
 *
 * @param githubId GitHub's {@code repository.id}; null for a repository known only from reports
 */
public record RepositoryRow(long id, Long githubId, String defaultBranch, String htmlUrl) {

    /** Whether storing these facts would change nothing; a {@code null} fact is "not known", never a change. */
    public boolean holds(Long githubId, String defaultBranch, String htmlUrl) {
        return (githubId == null || githubId.equals(this.githubId))
                && (defaultBranch == null || defaultBranch.equals(this.defaultBranch))
                && (htmlUrl == null || htmlUrl.equals(this.htmlUrl));
    }
}
