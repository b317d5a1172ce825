package dev.greenboard.ingest.githubapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.greenboard.ingest.githubapi.GitHubApiFixtures.History;

class GitHubApiFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GitHubApiFixtures FX = GitHubApiServer.FIXTURES;

    private static JsonNode webhook(String file, String field) throws IOException {
        return JSON.readTree(Files.readString(GitHubApiFixtures.corpusRoot().resolve("github-webhooks").resolve(file)))
                .path(field);
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        Iterator<String> iterator = node.fieldNames();
        iterator.forEachRemaining(names::add);
        return names;
    }

    @Test
    void runsAndJobsHaveTheFieldsOfTheWebhookObjects() throws IOException {
        ObjectNode run = FX.run().repo("acme/app", 5).id(11).headSha(FX.sha("x")).inProgress().build();
        ObjectNode job = FX.job().of(run).id(12).name("build").queued().build();

        assertEquals(fields(webhook("workflow_run/completed.payload.json", "workflow_run")), fields(run));
        assertEquals(fields(webhook("workflow_job/completed.success.with-organization.payload.json", "workflow_job")),
                fields(job));
        assertEquals("acme/app", run.path("repository").path("full_name").asText());
        assertEquals("https://api.github.com/repos/acme/app/actions/runs/11", run.path("url").asText());
        assertEquals("https://api.github.com/repos/acme/app/hooks", run.path("repository").path("hooks_url").asText());
        assertEquals(11, job.path("run_id").asLong());
        assertEquals(run.path("head_sha"), job.path("head_sha"));
        assertTrue(job.path("steps").isEmpty());
        assertTrue(job.path("conclusion").isNull());
    }

    @Test
    void pullRequestsAndCommitsHaveTheListingShapes() throws IOException {
        Instant at = Instant.parse("2026-11-03T10:00:00Z");
        ObjectNode pull = FX.pullRequest().repo("acme/app", 5).number(8).headSha(FX.sha("p")).createdAt(at)
                .merged(at.plusSeconds(600), FX.sha("m")).build();
        ObjectNode commit = FX.commit().repo("acme/app").sha(FX.sha("c")).parent(FX.sha("b")).date(at).build();

        Set<String> expected = fields(webhook("pull_request/opened.payload.json", "pull_request"));
        expected.removeAll(List.of("merged", "mergeable", "rebaseable", "mergeable_state", "merged_by", "comments",
                "review_comments", "maintainer_can_modify", "commits", "additions", "deletions", "changed_files"));
        assertEquals(expected, fields(pull));
        assertEquals("closed", pull.path("state").asText());
        assertEquals("2026-11-03T10:10:00Z", pull.path("merged_at").asText());
        assertEquals(FX.sha("c"), commit.path("sha").asText());
        assertEquals("2026-11-03T10:00:00Z", commit.path("commit").path("author").path("date").asText());
        assertEquals(FX.sha("b"), commit.path("parents").path(0).path("sha").asText());
        assertEquals("Codertocat", commit.path("author").path("login").asText());
    }

    @Test
    void aHistoryIsConsistent() {
        History history = FX.history("acme/app").start(Instant.parse("2026-11-01T00:00:00Z"))
                .every(Duration.ofMinutes(15)).commits(40).failEvery(5).rerunEvery(7).inProgressLatest(2)
                .pullRequests(4).build();

        assertEquals(40, history.commits().size());
        assertEquals(40, history.runs().size());
        Set<String> shas = new HashSet<>(history.commits().stream().map(c -> c.path("sha").asText()).toList());
        assertEquals(40, shas.size());
        for (int i = 0; i + 1 < history.runs().size(); i++) {
            assertTrue(history.runs().get(i).path("created_at").asText()
                    .compareTo(history.runs().get(i + 1).path("created_at").asText()) > 0, "runs newest first");
            assertEquals(history.commits().get(i + 1).path("sha"),
                    history.commits().get(i).path("parents").path(0).path("sha"), "commits chain by parent");
        }
        Set<Long> jobIds = new HashSet<>();
        for (JsonNode run : history.runs()) {
            assertTrue(shas.contains(run.path("head_sha").asText()));
            List<ObjectNode> jobs = history.jobsByRun().get(run.path("id").asLong());
            int attempts = run.path("run_attempt").asInt();
            assertEquals(3 * attempts, jobs.size());
            for (JsonNode job : jobs) {
                assertTrue(jobIds.add(job.path("id").asLong()), "job ids are unique");
                assertEquals(run.path("id"), job.path("run_id"));
                assertEquals(run.path("head_sha"), job.path("head_sha"));
            }
            if (attempts == 2) {
                assertTrue(history.jobsOfAttempt(run.path("id").asLong(), 1).stream()
                        .anyMatch(job -> job.path("conclusion").asText().equals("failure")));
                assertEquals("success", run.path("conclusion").asText(""));
            }
        }
        assertEquals(List.of("in_progress", "in_progress", "completed"),
                history.runs().subList(0, 3).stream().map(run -> run.path("status").asText()).toList());
        assertFalse(history.runs().stream().filter(run -> run.path("status").asText().equals("completed"))
                .anyMatch(run -> run.path("conclusion").isNull()));
        // Every 5th fails, but run 35 is rerun (and passes) and run 40 is still running.
        assertEquals(6, history.runs().stream().filter(run -> run.path("conclusion").asText("").equals("failure"))
                .count());
        assertEquals(4, history.pullRequests().size());
        assertEquals(120 + 3 * 5, history.allJobs().size());
    }
}
