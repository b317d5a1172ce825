package dev.greenboard.ingest.githubapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import dev.greenboard.ingest.githubapi.GitHubApiException.Kind;

/**
 * A listing read page by page, following {@code Link: <...>; rel="next"}. Lazy: each page is requested when the
 * iteration reaches it, so a caller can store a page's items (and its {@link Page#next()} link) before the next
 * request. Iterate it once per use; every iteration starts again at the first page.
 */
public final class Pages implements Iterable<Page> {

    /** One link of a {@code Link} header; the URL part has no '>' so the match is linear. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"([^\"]*)\"");

    private final GitHubApiTransport transport;
    private final URI first;
    private final String itemsField;
    private final Predicate<JsonNode> stopAt;

    /**
     * @param itemsField the field holding the items ({@code workflow_runs}, {@code jobs}), or null when the answer
     *        is itself an array
     * @param stopAt the first item it accepts ends the listing, that item excluded (for listings ordered newest first
     *        that have no {@code since} parameter); null reads every page
     */
    Pages(GitHubApiTransport transport, URI first, String itemsField, Predicate<JsonNode> stopAt) {
        this.transport = transport;
        this.first = first;
        this.itemsField = itemsField;
        this.stopAt = stopAt;
    }

    public URI firstUri() {
        return first;
    }

    @Override
    public Iterator<Page> iterator() {
        return new Iterator<>() {

            private URI nextUri = first;
            private int number;

            @Override
            public boolean hasNext() {
                return nextUri != null;
            }

            @Override
            public Page next() {
                if (nextUri == null) {
                    throw new NoSuchElementException();
                }
                Page page = read(nextUri, ++number);
                nextUri = page.next();
                return page;
            }
        };
    }

    /** Every item of every page, read lazily. */
    public Stream<JsonNode> items() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .flatMap(page -> page.items().stream());
    }

    /** Reads every page and returns all items. */
    public List<JsonNode> allItems() {
        return items().toList();
    }

    private Page read(URI uri, int number) {
        GitHubApiTransport.JsonResponse response = transport.get(uri);
        JsonNode body = response.body();
        JsonNode array = itemsField == null ? body : body.path(itemsField);
        if (!array.isArray()) {
            throw new GitHubApiException(Kind.PROTOCOL, response.status(), "GET", GitHubApiTransport.pathOf(uri),
                    itemsField == null
                            ? "the answer is not a JSON array"
                            : "the answer has no array '" + itemsField
                                    + "'",
                    null, null);
        }
        List<JsonNode> items = new ArrayList<>(array.size());
        boolean stopped = false;
        for (JsonNode item : array) {
            if (stopAt != null && stopAt.test(item)) {
                stopped = true;
                break;
            }
            items.add(item);
        }
        JsonNode total = body.path("total_count");
        OptionalLong totalCount = total.canConvertToLong() ? OptionalLong.of(total.asLong()) : OptionalLong.empty();
        URI next = stopped ? null : nextLink(response.link(), uri);
        return new Page(uri, number, body, List.copyOf(items), totalCount, next, response.notModified());
    }

    /** The {@code rel="next"} target of a {@code Link} header, or null. */
    static URI nextLink(String linkHeader, URI base) {
        if (linkHeader == null || linkHeader.isEmpty()) {
            return null;
        }
        Matcher matcher = LINK.matcher(linkHeader);
        while (matcher.find()) {
            for (String rel : matcher.group(2).strip().split("\\s+")) {
                if (rel.equals("next")) {
                    return base.resolve(matcher.group(1).strip());
                }
            }
        }
        return null;
    }
}
