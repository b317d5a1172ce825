package dev.greenboard.ingest.githubsync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.ingest.githubapi.GitHubApiFixtures.History;
import dev.greenboard.ingest.githubapi.GitHubApiServer;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * {@code POST /api/v1/github/backfill} in the application, configured with a token and the stand-in API: refusals
 * with what is wrong, 202 with the backfill's id, progress until done, and no log line holding the token.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@QuarkusTestResource(value = GitHubStandIn.class, restrictToAnnotatedClass = true)
class BackfillEndpointTest {

    private static final String AUTH = "Bearer test-token-1";

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null && message != null) {
                try {
                    message = String.format(message, record.getParameters());
                } catch (RuntimeException e) {
                    message = message + " " + List.of(record.getParameters());
                }
            }
            logLines.add(record.getLoggerName() + " " + message
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Inject
    BackfillService backfills;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anActiveBackfillWhoseInstanceStoppedIsTakenUpAgain() throws Exception {
        String repo = "sync-orphan/app";
        History history = BackfillTest.history(repo, 93_002, 20, 93_002_000L);
        GitHubStandIn.github.serve(history);
        // Left running by an instance that stopped ten minutes ago (no heartbeat since).
        long id = ((Number) new Sql(dataSource).row("""
                insert into github_backfill (repo, since, state, phase, worker, heartbeat_at, started_at)
                values (?, '2026-10-31T00:00:00Z', 'running', 'commits', 'stopped-instance',
                        now() - interval '10 minutes', now() - interval '10 minutes')
                returning id""", repo).get("id")).longValue();

        backfills.resumeOrphans();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String state;
        do {
            Thread.sleep(200);
            state = backfills.backfill(id).orElseThrow().state();
        } while (!state.equals("done") && !state.equals("failed") && Instant.now().isBefore(deadline));
        Backfill done = backfills.backfill(id).orElseThrow();
        assertEquals("done", done.state(), String.valueOf(done.error()));
        assertEquals(20, done.commitsStored());
        assertEquals(history.allJobs().size(), done.jobsStored());
    }

    @Test
    void refusesWhatItCannotRunWithWhatIsWrong() {
        given().queryParam("repo", "acme/app").queryParam("since", "2026-11-01").post("/api/v1/github/backfill")
                .then().statusCode(401);
        given().header("Authorization", AUTH).queryParam("repo", "acme/app").post("/api/v1/github/backfill").then()
                .statusCode(400).body("error", equalTo("missing_since"));
        given().header("Authorization", AUTH).queryParam("repo", "not a repo").queryParam("since", "2026-11-01")
                .post("/api/v1/github/backfill").then().statusCode(400).body("error", equalTo("invalid_repo"));
        given().header("Authorization", AUTH).queryParam("repo", "acme/app").queryParam("since", "last week")
                .post("/api/v1/github/backfill").then().statusCode(400).body("error", equalTo("invalid_since"));
        given().header("Authorization", AUTH).get("/api/v1/github/backfill/999999999").then().statusCode(404);
    }

    @Test
    void startsABackfillAnswers202AndShowsItsProgressUntilDoneWithoutLoggingTheToken() throws Exception {
        String repo = "sync-endpoint/app";
        History history = BackfillTest.history(repo, 93_001, 40, 93_001_000L);
        GitHubStandIn.github.serve(history);

        JsonPath started = given().header("Authorization", AUTH).queryParam("repo", repo)
                .queryParam("since", "2026-10-31").post("/api/v1/github/backfill").then().statusCode(202)
                .body("repo", equalTo(repo)).body("state", oneOf("queued", "running", "done"))
                .body("id", greaterThan(0)).extract().jsonPath();
        long id = started.getLong("id");

        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonPath progress;
        do {
            Thread.sleep(200);
            progress = given().header("Authorization", AUTH).get("/api/v1/github/backfill/" + id).then()
                    .statusCode(200).extract().jsonPath();
        } while (!progress.getString("state").equals("done") && !progress.getString("state").equals("failed")
                && Instant.now().isBefore(deadline));

        assertEquals("done", progress.getString("state"), progress.prettify());
        assertEquals(40, progress.getInt("commitsStored"));
        assertEquals(history.allJobs().size(), progress.getInt("jobsStored"));
        assertEquals(40, progress.getInt("runsRead"));
        assertEquals(4999, progress.getInt("rateLimitRemaining"));
        assertTrue(logLines.stream().anyMatch(line -> line.contains("Backfill [" + id + "]")), logLines.toString());
        assertTrue(logLines.stream().anyMatch(line -> line.contains("GitHub [GET")),
                "the client's debug lines were captured too");
        assertFalse(logLines.stream().anyMatch(line -> line.contains(GitHubApiServer.TOKEN)),
                "no log line holds the token");
        assertFalse(logLines.stream().anyMatch(line -> line.contains(GitHubApiServer.TOKEN.substring(4, 20))));
    }
}
