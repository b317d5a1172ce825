package dev.greenboard.ingest.githubapi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A repository as {@code GET /repos/{owner}/{repo}} describes it.
 *
 * @param id GitHub's repository id
 * @param fullName {@code owner/name} as GitHub spells it now (it follows renames)
 * @param defaultBranch the branch whose commits a backfill reads
 * @param json the whole answer
 */
public record GitHubRepository(long id, String fullName, String defaultBranch, JsonNode json) {

    static GitHubRepository of(JsonNode json) {
        return new GitHubRepository(json.path("id").asLong(), json.path("full_name").asText(null),
                json.path("default_branch").asText(null), json);
    }
}
