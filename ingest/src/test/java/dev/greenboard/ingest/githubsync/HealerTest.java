package dev.greenboard.ingest.githubsync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.ingest.github.WebhookIngestService;
import dev.greenboard.ingest.githubapi.FakeTime;
import dev.greenboard.ingest.githubapi.GitHubApiClient;
import dev.greenboard.ingest.githubapi.GitHubApiConfig;
import dev.greenboard.ingest.githubapi.GitHubApiFixtures;
import dev.greenboard.ingest.githubapi.GitHubApiServer;
import dev.greenboard.ingest.githubapi.GitHubApiTestConfig;
import dev.greenboard.ingest.githubapi.GitHubApiTransport;
import dev.greenboard.ingest.githubapi.InMemoryEtagStore;
import dev.greenboard.ingest.githubapi.RepoRef;
import dev.greenboard.ingest.githubapi.TokenSource;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Webhooks;

/** The healing reconciler against a stand-in GitHub API: lost completions, lost runs, failed hook deliveries. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class HealerTest {

    static final GitHubApiFixtures FX = GitHubApiServer.FIXTURES;
    static final long HOOK_ID = 77;
    static GitHubApiServer github;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookIngestService webhooks;

    @Inject
    MeterRegistry meters;

    Sql sql;

    @BeforeAll
    static void startServer() {
        github = GitHubApiServer.start();
    }

    @AfterAll
    static void stopServer() {
        github.stop();
    }

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
    }

    @AfterEach
    void resetServer() {
        github.reset();
    }

    GitHubHealer healer(String hookRepo, FakeTime time) {
        Map<String, String> properties = new HashMap<>();
        properties.put("greenboard.github.api-url", github.apiUrl());
        properties.put("greenboard.github.token", GitHubApiServer.TOKEN);
        properties.put("greenboard.github.heal-after", "30m");
        if (hookRepo != null) {
            properties.put("greenboard.github.hook-id", Long.toString(HOOK_ID));
            properties.put("greenboard.github.hook-repo", hookRepo);
        }
        GitHubApiConfig config = GitHubApiTestConfig.of(properties);
        GitHubApiClient client = new GitHubApiClient(new GitHubApiTransport(config,
                TokenSource.of(GitHubApiServer.TOKEN), new InMemoryEtagStore(1 << 24), time, time));
        return new GitHubHealer(client, config, dataSource, new SyncWriter(webhooks), meters, time);
    }

    static void deliver(String event, String field, ObjectNode object, ObjectNode repository, String deliveryId) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("action", object.path("status").asText());
        payload.set(field, object);
        payload.set("repository", repository);
        Webhooks.deliver(event, deliveryId, payload.toString().getBytes(StandardCharsets.UTF_8)).statusCode(200);
    }

    @Test
    void aJobStuckInProgressWhoseCompletionWasLostIsHealedToItsFinalState() throws Exception {
        String repo = "heal-stuck/app";
        ObjectNode repository = FX.repository(repo, 92_001, "main");
        Instant started = Instant.now().minus(Duration.ofHours(2));
        ObjectNode run = FX.run().repo(repo, 92_001).id(92_001_001L).headSha(FX.sha("heal-stuck")).headBranch("main")
                .createdAt(started).completed("failure").build();
        ObjectNode running = FX.job().of(run).id(92_001_0001L).name("test (linux)").createdAt(started)
                .inProgress(started.plusSeconds(20)).build();
        ObjectNode finished = FX.job().of(run).id(92_001_0001L).name("test (linux)").createdAt(started)
                .completed("failure", started.plusSeconds(20), started.plusSeconds(900)).build();
        // Only the in_progress delivery arrived; the completed one was lost while Greenboard was down.
        deliver("workflow_job", "workflow_job", running, repository, UUID.randomUUID().toString());
        assertEquals("in_progress", sql.row("select status from job where id = ?", 92_001_0001L).get("status"));
        github.object("/repos/" + repo, repository);
        github.object("/repos/" + repo + "/actions/jobs/920010001", finished);
        // Fresh rows are not stuck: the job's last change is older than heal-after only half an hour later.
        sql.execute("update job set updated_at = now() - interval '1 hour' where id = ?", 92_001_0001L);
        long before = GitHubHealer.state(dataSource).healedJobs();

        GitHubHealer.Report report = healer(null, new FakeTime(Instant.now())).healOnce();

        assertTrue(report.ran());
        assertTrue(report.healedJobs() >= 1, report.toString());
        Map<String, Object> job = sql.row("select status, conclusion, completed_at from job where id = ?",
                92_001_0001L);
        assertEquals("completed", job.get("status"));
        assertEquals("failure", job.get("conclusion"));
        assertNotNull(job.get("completed_at"));
        GitHubHealer.State state = GitHubHealer.state(dataSource);
        assertTrue(state.healedJobs() >= before + 1);
        assertNotNull(state.lastFinishedAt());
        assertTrue(meters.counter("greenboard.github.heal.jobs").count() >= 1);

        // Healed once: the next run reads nothing about it and changes nothing.
        github.server().resetRequests();
        healer(null, new FakeTime(Instant.now())).healOnce();
        assertTrue(github.requestedUrls().stream().noneMatch(url -> url.contains("/actions/jobs/920010001")),
                github.requestedUrls().toString());
    }

    @Test
    void theLatestRunsOfRecentDefaultBranchCommitsAreReadAgain() throws Exception {
        String repo = "heal-recent/app";
        ObjectNode repository = FX.repository(repo, 92_002, "main");
        String sha = FX.sha("heal-recent");
        Instant at = Instant.now().minus(Duration.ofMinutes(40));
        ObjectNode queued = FX.run().repo(repo, 92_002).id(92_002_001L).headSha(sha).headBranch("main")
                .createdAt(at).queued().build();
        // Greenboard saw the run queued (it places the commit on main), then nothing: every later webhook was lost.
        deliver("workflow_run", "workflow_run", queued, repository, UUID.randomUUID().toString());
        ObjectNode done = FX.run().repo(repo, 92_002).id(92_002_001L).headSha(sha).headBranch("main")
                .createdAt(at).updatedAt(at.plusSeconds(600)).completed("success").build();
        List<ObjectNode> jobs = List.of(
                FX.job().of(done).id(92_002_0001L).name("build").createdAt(at)
                        .completed("success", at.plusSeconds(10), at.plusSeconds(300)).build(),
                FX.job().of(done).id(92_002_0002L).name("test").createdAt(at)
                        .completed("success", at.plusSeconds(10), at.plusSeconds(500)).build());
        github.object("/repos/" + repo, repository);
        github.pagedList("/repos/" + repo + "/actions/runs", Map.of("head_sha", sha), List.of(done),
                GitHubApiServer.PageBody.wrapped("workflow_runs"));
        github.object("/repos/" + repo + "/actions/runs/92002001", done);
        github.pagedList("/repos/" + repo + "/actions/runs/92002001/jobs", Map.of("filter", "all"), jobs,
                GitHubApiServer.PageBody.wrapped("jobs"));

        GitHubHealer.Report report = healer(null, new FakeTime(Instant.now())).healOnce();

        assertTrue(report.healedRuns() >= 1, report.toString());
        assertTrue(report.healedJobs() >= 2, report.toString());
        assertEquals("completed", sql.row("select status from workflow_run where id = ?", 92_002_001L)
                .get("status"));
        assertEquals(2, sql.count("select count(*) from job where run_id = ? and status = 'completed'"
                + " and conclusion = 'success'", 92_002_001L));
    }

    @Test
    void aFailedDeliveryGreenboardNeverStoredIsRedeliveredAndAStoredOneIsNot() throws Exception {
        String repo = "heal-hook/app";
        RepoRef ref = RepoRef.parse(repo);
        ObjectNode repository = FX.repository(repo, 92_003, "main");
        Instant now = Instant.now();
        String lost = UUID.randomUUID().toString();
        String storedAfterATimeout = UUID.randomUUID().toString();
        String delivered = UUID.randomUUID().toString();
        String redeliveredLater = UUID.randomUUID().toString();
        // GitHub timed out waiting for this one, but Greenboard had stored it.
        ObjectNode run = FX.run().repo(repo, 92_003).id(92_003_001L).headSha(FX.sha("heal-hook")).build();
        deliver("workflow_run", "workflow_run", run, repository, storedAfterATimeout);
        List<ObjectNode> deliveries = List.of(
                FX.delivery().id(5005).guid(redeliveredLater).deliveredAt(now.minusSeconds(60)).redelivery(true)
                        .ok().build(),
                FX.delivery().id(5004).guid(delivered).deliveredAt(now.minusSeconds(120)).ok().build(),
                FX.delivery().id(5003).guid(storedAfterATimeout).deliveredAt(now.minusSeconds(180)).failed(0)
                        .build(),
                FX.delivery().id(5002).guid(redeliveredLater).deliveredAt(now.minusSeconds(240)).failed(502)
                        .build(),
                FX.delivery().id(5001).guid(lost).deliveredAt(now.minusSeconds(300)).failed(503).build());
        github.deliveries(ref, HOOK_ID, deliveries, 2);
        github.server().stubFor(post(urlPathMatching("/repos/heal-hook/app/hooks/77/deliveries/\\d+/attempts"))
                .willReturn(aResponse().withStatus(202).withBody("{}")));
        long asked = GitHubHealer.state(dataSource).redeliveriesAsked();

        GitHubHealer.Report report = healer(repo, new FakeTime(now)).healOnce();

        assertEquals(1, report.redeliveriesAsked(), report.toString());
        github.server().verify(1, postRequestedFor(urlPathEqualTo(
                "/repos/heal-hook/app/hooks/77/deliveries/5001/attempts"))
                .withHeader("Authorization", equalTo("Bearer " + GitHubApiServer.TOKEN)));
        github.server().verify(1, postRequestedFor(urlPathMatching(".*/attempts")));
        assertEquals(asked + 1, GitHubHealer.state(dataSource).redeliveriesAsked());
    }

    @Test
    void onlyOneInstanceHealsAtATime() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, GitHubHealer.LOCK_KEY);
                lock.execute();
            }
            long runs = GitHubHealer.state(dataSource).runs();
            GitHubHealer.Report report = healer(null, new FakeTime(Instant.now())).healOnce();
            assertFalse(report.ran());
            assertEquals(runs, GitHubHealer.state(dataSource).runs());
            other.rollback();
        }
    }
}
