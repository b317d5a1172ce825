package dev.greenboard.ingest.githubapi;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One page of a listing.
 *
 * @param uri the URL it was read from
 * @param number 1 for the first page this iteration read, then 2, 3, ...
 * @param body the whole answer
 * @param items the listed objects, in GitHub's order (cut at the stop condition, if the listing has one)
 * @param totalCount GitHub's {@code total_count}, for listings that have one
 * @param next the {@code rel="next"} link, or null on the last page (or once the stop condition was met); store it
 *        to resume the listing with {@link GitHubApiClient#resume}
 * @param notModified true when GitHub answered 304 and the stored page was used (no rate limit spent)
 */
public record Page(URI uri, int number, JsonNode body, List<JsonNode> items, OptionalLong totalCount, URI next,
        boolean notModified) {

    public boolean hasNext() {
        return next != null;
    }
}
