package dev.greenboard.ingest.githubsync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Webhook-shaped payloads made from REST API objects, so that the sync stores them through the webhook normalizer
 * and writes exactly the rows a webhook would. A workflow run or job in the REST API has the fields of the webhook's
 * {@code workflow_run} / {@code workflow_job}; a pull request those of {@code pull_request}, a review those of
 * {@code pull_request_review}; a commit of the branch becomes a push of that one commit.
 *
 * <p>
 * Each payload gets a synthetic delivery id made of its event, its object's id and a hash of the object as GitHub
 * answered it: the same object read twice (a second backfill, a 304) is the same delivery, which the receiver's claim
 * turns into a no-op; an object that changed is a new delivery that the normalizer's upserts order by status and time,
 * like any out-of-order webhook. Its raw body is kept in {@code webhook_delivery} as a webhook's is.
 */
final class SyncPayloads {

    /** Every synthetic delivery id starts with it; GitHub's are UUIDs, so they never collide. */
    static final String DELIVERY_PREFIX = "gbsync-";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ZERO_SHA = "0000000000000000000000000000000000000000";

    private SyncPayloads() {
    }

    /** A payload and the delivery id it is stored under. */
    record Delivery(String id, String event, ObjectNode payload) {
    }

    static Delivery workflowRun(JsonNode run, JsonNode repository) {
        ObjectNode payload = NODES.objectNode();
        payload.put("action", runAction(run.path("status").asText("")));
        payload.set("workflow_run", run);
        payload.set("repository", repository);
        return new Delivery(id("run", run.path("id").asLong() + "-" + run.path("run_attempt").asInt(1), run),
                "workflow_run", payload);
    }

    static Delivery workflowJob(JsonNode job, JsonNode repository) {
        ObjectNode payload = NODES.objectNode();
        String status = job.path("status").asText("");
        payload.put("action", status.equals("completed") || status.equals("in_progress") ? status : "queued");
        payload.set("workflow_job", job);
        payload.set("repository", repository);
        return new Delivery(id("job", Long.toString(job.path("id").asLong()), job), "workflow_job", payload);
    }

    static Delivery pullRequest(JsonNode pull, JsonNode repository) {
        ObjectNode payload = NODES.objectNode();
        payload.put("action", pull.path("state").asText("").equals("closed") ? "closed" : "synchronize");
        payload.put("number", pull.path("number").asInt());
        payload.set("pull_request", pull);
        payload.set("repository", repository);
        return new Delivery(id("pr", Integer.toString(pull.path("number").asInt()), pull), "pull_request", payload);
    }

    /**
     * A review as its {@code pull_request_review} webhook: the REST review has the webhook's fields (its state in
     * upper case, which the normalizer reads either way), and the listed pull request stands in for the webhook's.
     */
    static Delivery pullRequestReview(JsonNode review, JsonNode pull, JsonNode repository) {
        ObjectNode payload = NODES.objectNode();
        payload.put("action", review.path("state").asText("").equalsIgnoreCase("dismissed")
                ? "dismissed"
                : "submitted");
        payload.set("review", review);
        payload.set("pull_request", pull);
        payload.set("repository", repository);
        return new Delivery(id("review", pull.path("number").asInt() + "-" + review.path("id").asLong(), review),
                "pull_request_review", payload);
    }

    /**
     * A commit of the default branch as a push of that one commit, pushed when it was committed: the commits listing
     * does not say how commits were grouped into pushes, and the committer date is when a commit landed on the branch
     * for merges, squashes and rebases (which is what orders the HUD's rows).
     */
    static Delivery push(JsonNode restCommit, String branch, JsonNode repository) {
        String sha = restCommit.path("sha").asText();
        JsonNode inner = restCommit.path("commit");
        ObjectNode commit = NODES.objectNode();
        commit.put("id", sha);
        commit.put("tree_id", inner.path("tree").path("sha").asText(null));
        commit.put("distinct", true);
        commit.put("message", inner.path("message").asText(null));
        commit.put("timestamp", inner.path("author").path("date").asText(null));
        commit.put("url", restCommit.path("html_url").asText(null));
        commit.set("author", person(inner.path("author"), restCommit.path("author")));
        commit.set("committer", person(inner.path("committer"), restCommit.path("committer")));
        String committed = inner.path("committer").path("date").asText(inner.path("author").path("date").asText(null));
        ObjectNode repo = repository.deepCopy();
        if (committed != null) {
            repo.put("pushed_at", committed);
        }
        JsonNode parent = restCommit.path("parents").path(0).path("sha");
        ObjectNode payload = NODES.objectNode();
        payload.put("ref", "refs/heads/" + branch);
        payload.put("before", parent.isTextual() ? parent.asText() : ZERO_SHA);
        payload.put("after", sha);
        payload.put("created", false);
        payload.put("deleted", false);
        payload.put("forced", false);
        payload.set("base_ref", NODES.nullNode());
        payload.put("compare", restCommit.path("html_url").asText(""));
        payload.putArray("commits").add(commit);
        payload.set("head_commit", commit.deepCopy());
        payload.set("repository", repo);
        ObjectNode pusher = payload.putObject("pusher");
        pusher.put("name", inner.path("committer").path("name").asText(null));
        pusher.put("email", inner.path("committer").path("email").asText(null));
        return new Delivery(id("push", branch + "-" + sha, restCommit), "push", payload);
    }

    private static ObjectNode person(JsonNode gitPerson, JsonNode user) {
        ObjectNode person = NODES.objectNode();
        person.put("name", gitPerson.path("name").asText(null));
        person.put("email", gitPerson.path("email").asText(null));
        if (user.path("login").isTextual()) {
            person.put("username", user.path("login").asText());
        }
        return person;
    }

    private static String runAction(String status) {
        return switch (status) {
            case "completed" -> "completed";
            case "in_progress" -> "in_progress";
            default -> "requested";
        };
    }

    /** {@code gbsync-<kind>-<object id>-<first 16 hex of SHA-256 of the object's JSON>}: at most ~120 characters. */
    static String id(String kind, String objectId, JsonNode object) {
        String key = objectId.length() > 80 ? objectId.substring(0, 80) : objectId;
        return DELIVERY_PREFIX + kind + "-" + key + "-" + hash(object.toString());
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
