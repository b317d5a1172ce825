package dev.greenboard.ingest.github;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Webhooks;

/**
 * The {@code pull_request_review} webhook on a payload in GitHub's documented shape
 * ({@code github-webhooks/pull_request_review/submitted.approved.json} in the test resources: the shared corpus has no
 * review): an approval of PR 77, review 2145003117, submitted 2026-11-30 09:15 UTC. Each test sends it for a
 * repository of its own (a new GitHub id and name).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class PullRequestReviewWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong NEXT_REPOSITORY_ID = new AtomicLong(930_100_000L + System.nanoTime() % 1_000_000);
    private static final Instant SUBMITTED = Instant.parse("2026-11-30T09:15:00Z");

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;
    long githubRepositoryId;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        githubRepositoryId = NEXT_REPOSITORY_ID.incrementAndGet();
        repo = "greenboard-test/review-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anApprovalIsStoredOnceHoweverOftenItIsDelivered() {
        byte[] body = payload("submitted", "approved", "LGTM, thanks for splitting the shards.");
        String delivery = UUID.randomUUID().toString();
        Webhooks.deliver("pull_request_review", delivery, body).statusCode(200).body("normalized", is(true))
                .body("duplicate", is(false));

        assertEquals(List.of(Map.of("pr_number", 77, "review_id", 2145003117L, "author", "reviewer-one", "state",
                "APPROVED", "submitted_at", Timestamp.from(SUBMITTED), "commit_id",
                "5b0c2a94d1e7f3a8c6b2d9e04f1a7c3e8d6b5a21", "body", "LGTM, thanks for splitting the shards.")),
                reviews());
        // The review's pull request is GitHub's short form: it gets a row, later filled in by pull_request events.
        assertEquals(1, sql.count("select count(*) from pull_request where repo_id = repository_id(?) and number = 77"
                + " and head_ref = 'split-shards' and base_ref = 'main'", repo));

        // GitHub's Redeliver (same delivery id) is a duplicate; the same review under another id (the sync) changes
        // nothing either.
        Webhooks.deliver("pull_request_review", delivery, body).statusCode(200).body("duplicate", is(true));
        Webhooks.deliver("pull_request_review", body).statusCode(200).body("normalized", is(true));
        assertEquals(1, reviews().size());
        assertEquals("APPROVED", reviews().get(0).get("state"));
    }

    @Test
    void aDismissedApprovalStaysDismissedWhateverArrivesAfter() {
        Webhooks.deliver("pull_request_review", payload("submitted", "approved", "LGTM")).statusCode(200);
        Webhooks.deliver("pull_request_review", payload("dismissed", "dismissed", "LGTM")).statusCode(200)
                .body("normalized", is(true));
        assertEquals("DISMISSED", reviews().get(0).get("state"));

        // GitHub delivers out of order: the submission arriving late does not bring the approval back.
        Webhooks.deliver("pull_request_review", payload("submitted", "approved", "LGTM")).statusCode(200);
        assertEquals(1, reviews().size());
        assertEquals("DISMISSED", reviews().get(0).get("state"));
    }

    @Test
    void anEditedReviewUpdatesItsRow() {
        Webhooks.deliver("pull_request_review", payload("submitted", "changes_requested", "Please add a test."))
                .statusCode(200);
        assertEquals("CHANGES_REQUESTED", reviews().get(0).get("state"));
        Webhooks.deliver("pull_request_review", payload("edited", "changes_requested",
                "Please add a test for the empty shard.")).statusCode(200);
        List<Map<String, Object>> rows = reviews();
        assertEquals(1, rows.size());
        assertEquals("CHANGES_REQUESTED", rows.get(0).get("state"));
        assertEquals("Please add a test for the empty shard.", rows.get(0).get("body"));
    }

    @Test
    void aReviewAfterTheMergeLeavesTheMergedPullRequestAsItIs() {
        // PR 77 merged, as its pull_request "closed" event stored it.
        Webhooks.deliver("pull_request_review", payload("submitted", "commented", "Late nit.")).statusCode(200);
        sql.execute("""
                update pull_request set state = 'closed', merged = true, merged_at = '2026-11-30T10:00:00Z',
                       updated_at = '2026-11-30T10:00:00Z', title = 'Split the test shards by recorded times'
                 where repo_id = repository_id(?) and number = 77""", repo);
        ObjectNode late = tree(payload("submitted", "commented", "Another late nit."));
        ((ObjectNode) late.get("review")).put("id", 2145009999L).put("submitted_at", "2026-11-30T11:00:00Z");
        ((ObjectNode) late.get("pull_request")).put("updated_at", "2026-11-30T11:00:00Z");
        Webhooks.deliver("pull_request_review", bytes(late)).statusCode(200).body("normalized", is(true));

        assertEquals(2, reviews().size());
        assertEquals(1, sql.count("select count(*) from pull_request where repo_id = repository_id(?) and number = 77"
                + " and merged and state = 'closed' and merged_at = '2026-11-30T10:00:00Z'", repo));
    }

    private List<Map<String, Object>> reviews() {
        return sql.rows("""
                select pr_number, review_id, author, state, submitted_at, commit_id, body
                  from pull_request_review where repo_id = repository_id(?) order by review_id""", repo);
    }

    /** The documented payload for this test's repository, with the review's action, state and body. */
    private byte[] payload(String action, String state, String reviewBody) {
        ObjectNode payload = tree(resource());
        payload.put("action", action);
        ((ObjectNode) payload.get("review")).put("state", state).put("body", reviewBody);
        ((ObjectNode) payload.get("repository")).put("id", githubRepositoryId).put("full_name", repo)
                .put("name", repo.substring(repo.indexOf('/') + 1));
        return bytes(payload);
    }

    private static byte[] resource() {
        try (InputStream in = PullRequestReviewWebhookTest.class
                .getResourceAsStream("/github-webhooks/pull_request_review/submitted.approved.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode tree(byte[] body) {
        try {
            return (ObjectNode) JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ObjectNode payload) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
