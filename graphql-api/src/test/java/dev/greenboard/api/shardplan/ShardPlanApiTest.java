package dev.greenboard.api.shardplan;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/**
 * Shard plans over REST ({@code GET /api/v1/shard-plan}, for CI scripts) and GraphQL ({@code shardPlan}), from the
 * test-times rollup's rows with their fallbacks: linux-jammy/default has test_ops 114 s and test_nn 33 s, the default
 * environment test_ops 64.5 s and test_nn 33 s.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardPlanApiTest {

    private static final String SHARD_PLAN = """
            query($repo: String!, $job: String, $config: String, $shards: Int!, $tests: [String]) {
              shardPlan(repo: $repo, job: $job, config: $config, shards: $shards, tests: $tests) {
                base config shards { tests expectedSeconds } unknown
              }
            }""";

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;

    @BeforeEach
    void writeRollupRows() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        repo = "times/s" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name) values (?, 'times', ?)", repo,
                repo.substring("times/".length()));
        fileTime("default", "default", "test_nn", 33.0);
        fileTime("default", "default", "test_ops", 64.5);
        fileTime("linux-jammy", "default", "test_nn", 33.0);
        fileTime("linux-jammy", "default", "test_ops", 114.0);
    }

    private void fileTime(String base, String config, String file, double seconds) {
        sql.execute("""
                insert into test_file_time (repo_id, base, config, file, seconds, runs, updated_at)
                values (repository_id(?), ?, ?, ?, ?, 3, now())""", repo, base, config, file, seconds);
    }

    /** Longest first onto the least-loaded shard; a file with no history is dealt round-robin and named. */
    @Test
    void shardPlanOverRest() {
        given().queryParam("repo", repo).queryParam("job", "linux-jammy").queryParam("config", "default")
                .queryParam("shards", 2).queryParam("test", "test_ops", "test_nn", "test_new")
                .get("/api/v1/shard-plan").then().statusCode(200)
                .body("shards[0].tests", equalTo(List.of("test_ops", "test_new")))
                .body("shards[0].expected_seconds", equalTo(114.0f))
                .body("shards[1].tests", equalTo(List.of("test_nn")))
                .body("shards[1].expected_seconds", equalTo(33.0f))
                .body("unknown", equalTo(List.of("test_new")))
                .body("base", equalTo("linux-jammy"))
                .body("config", equalTo("default"));
        // Without 'test': every file with a known time.
        given().queryParam("repo", repo).queryParam("job", "linux-jammy / test (default, 1, 2, linux.2xlarge)")
                .queryParam("shards", 1).get("/api/v1/shard-plan").then().statusCode(200)
                .body("shards[0].tests", equalTo(List.of("test_ops", "test_nn")))
                .body("shards[0].expected_seconds", equalTo(147.0f))
                .body("unknown", equalTo(List.of()));
    }

    @Test
    void restRefusesBadParameters() {
        for (String shards : new String[]{"0", "1001"}) {
            given().queryParam("repo", repo).queryParam("shards", shards).get("/api/v1/shard-plan").then()
                    .statusCode(400).body("error", equalTo("bad_parameter"))
                    .body("detail", equalTo("Query parameter 'shards' must be 1 to 1000"));
        }
        given().queryParam("repo", repo).get("/api/v1/shard-plan").then().statusCode(400)
                .body("error", equalTo("bad_parameter"));
        given().queryParam("shards", 2).get("/api/v1/shard-plan").then().statusCode(400)
                .body("error", equalTo("bad_parameter")).body("detail", containsString("'repo'"));
        given().queryParam("repo", repo + "-nope").queryParam("shards", 2).get("/api/v1/shard-plan").then()
                .statusCode(404).body("error", equalTo("unknown_repository"));
    }

    @Test
    void shardPlanOverGraphql() {
        JsonPath plan = GraphQL.data(SHARD_PLAN, "repo", repo, "job", "mac-arm64 / test (default, 1, 1, m1)",
                "config", "default", "shards", 2);
        // No rows for mac-arm64: the default environment's times are used.
        assertEquals("default", plan.getString("shardPlan.base"));
        assertEquals("default", plan.getString("shardPlan.config"));
        assertEquals(List.of("test_ops"), plan.getList("shardPlan.shards[0].tests"));
        assertEquals(64.5, plan.getDouble("shardPlan.shards[0].expectedSeconds"));
        assertEquals(List.of("test_nn"), plan.getList("shardPlan.shards[1].tests"));
        assertEquals(List.of(), plan.getList("shardPlan.unknown"));

        JsonPath named = GraphQL.data(SHARD_PLAN, "repo", repo, "job", "linux-jammy", "shards", 2, "tests",
                List.of("test_nn", "test_new"));
        assertEquals("linux-jammy", named.getString("shardPlan.base"));
        // Files without history are dealt round-robin from the first shard, after the known ones.
        assertEquals(List.of(List.of("test_nn", "test_new"), List.of()), named.getList("shardPlan.shards.tests"));
        assertEquals(List.of("test_new"), named.getList("shardPlan.unknown"));

        JsonPath refused = GraphQL.raw(SHARD_PLAN, "repo", repo, "shards", 0);
        assertEquals("BAD_USER_INPUT", refused.getString("errors[0].extensions.code"), refused.prettify());
        assertTrue(refused.getString("errors[0].message").contains("shards must be 1 to 1000"),
                refused.getString("errors[0].message"));
        JsonPath unknown = GraphQL.raw(SHARD_PLAN, "repo", repo + "-nope", "shards", 2);
        assertEquals("NOT_FOUND", unknown.getString("errors[0].extensions.code"), unknown.prettify());
    }
}
