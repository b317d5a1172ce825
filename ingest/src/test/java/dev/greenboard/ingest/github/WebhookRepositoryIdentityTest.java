package dev.greenboard.ingest.github;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;
import dev.greenboard.testkit.Webhooks;

/**
 * A repository is GitHub's {@code repository.id}: deliveries after a rename, a transfer or a change of letter case
 * (each a 500 on every delivery before) land in the same repository, and reports in any of its names too.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class WebhookRepositoryIdentityTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    long githubId;
    String owner;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        githubId = HistoryBuilder.nextId();
        owner = "id" + Long.toHexString(githubId);
    }

    private long deliverJob(String fullName, String updatedAt) {
        long jobId = HistoryBuilder.nextId();
        String body = """
                {"action": "queued",
                 "workflow_job": {"id": %d, "run_id": 1, "name": "build", "head_sha": "%s",
                                  "status": "queued", "created_at": "2026-11-29T10:00:00Z", "labels": []},
                 "repository": {"id": %d, "full_name": "%s", "default_branch": "main",
                                "html_url": "https://github.com/%s", "updated_at": "%s"}}
                """.formatted(jobId, "b".repeat(40), githubId, fullName, fullName, updatedAt);
        Webhooks.deliver("workflow_job", body.getBytes(StandardCharsets.UTF_8)).statusCode(200)
                .body("normalized", is(true));
        return jobId;
    }

    private long repoOfJob(long jobId) {
        return sql.count("select repo_id from job where id = ?", jobId);
    }

    @Test
    void renamesTransfersAndCaseChangesKeepOneRepository() {
        long first = deliverJob(owner + "/Tool", "2026-11-29T10:00:00Z");
        long repoId = repoOfJob(first);
        List<Long> jobs = List.of(deliverJob(owner + "/tool", "2026-11-29T11:00:00Z"),
                deliverJob(owner + "-org/tool", "2026-11-29T12:00:00Z"),
                deliverJob(owner + "-org/renamed", "2026-11-29T13:00:00Z"));
        for (long job : jobs) {
            assertEquals(repoId, repoOfJob(job));
        }
        assertEquals(1, sql.count("select count(*) from repository where github_id = ?", githubId));
        assertEquals(owner + "-org/renamed",
                sql.row("select full_name from repository where id = ?", repoId).get("full_name"));
        // A late delivery sent before the last rename lands there too and renames nothing back.
        assertEquals(repoId, repoOfJob(deliverJob(owner + "/Tool", "2026-11-29T10:30:00Z")));
        assertEquals(owner + "-org/renamed",
                sql.row("select full_name from repository where id = ?", repoId).get("full_name"));
        // Reports in every former name, in any case, belong to it.
        for (String name : List.of(owner + "/TOOL", owner + "-org/tool", owner + "-org/renamed")) {
            String sha = HistoryBuilder.sha(name);
            given().auth().oauth2("test-token-1").queryParam("repo", name).queryParam("sha", sha)
                    .contentType("application/x-ndjson")
                    .body("{\"name\": \"t\", \"status\": \"passed\"}".getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/test-reports").then().statusCode(201);
            assertEquals(repoId, sql.count("select repo_id from test_report where sha = ?", sha));
        }
    }
}
