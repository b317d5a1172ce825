package dev.greenboard.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Corpus;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * Test times, class times, slow tests and shard plans on a history whose answers are worked out by hand.
 *
 * <pre>
 * main: c1 .. c5, one push each. Jobs (workflow "pull") on every commit:
 *   L1 = linux-jammy / test (default, 1, 2, linux.2xlarge)      test_ops.py: TestOps.test_add, TestOps.test_mul
 *   L2 = linux-jammy / test (default, 2, 2, linux.2xlarge)      test_nn.py: TestNN.test_conv; test_ops.py: TestOpsSlow.test_big
 *   W  = win-vs2022 / test (default, 1, 1, windows.4xlarge)     test_ops.py: TestOps.test_add
 *   D  = linux-jammy / test (distributed, 1, 1, linux.8xlarge)  invoking_file=distributed.test_c10d: one case
 * c5: L1 fails, so c5 is not green. c3: L2 failed on attempt 1, passed on attempt 2 (green; the rerun's report wins).
 * The 3 newest green commits are c4, c3, c2 (c1 is older).
 *                 c2     c3             c4     -> mean
 * L1 add/mul      10/20  12/22          14/24
 * L2 conv/big     30/70  33/80 (31/75)  36/90
 * W  add          12     15             18
 * D  case         5      6              7
 * linux-jammy/default: test_ops = add+mul+big = 100, 114, 128 -> 114; test_nn = 30, 33, 36 -> 33
 * win-vs2022/default: test_ops = 12, 15, 18 -> 15
 * linux-jammy/distributed: distributed/test_c10d -> 6
 * default/default: test_ops = mean(114, 15) = 64.5; test_nn = 33; default/distributed: distributed/test_c10d = 6
 * classes linux-jammy/default/test_ops: TestOps 30, 34, 38 -> 34; TestOpsSlow 70, 80, 90 -> 80
 * slow tests (mean > 60 s): test_big (__main__.TestOpsSlow) = 80
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TestTimesTest {

    private static final Instant T = Instant.parse("2026-11-10T08:00:00Z");
    private static final String L1 = "linux-jammy / test (default, 1, 2, linux.2xlarge)";
    private static final String L2 = "linux-jammy / test (default, 2, 2, linux.2xlarge)";
    private static final String W = "win-vs2022 / test (default, 1, 1, windows.4xlarge)";
    private static final String D = "linux-jammy / test (distributed, 1, 1, linux.8xlarge)";
    private static final ObjectMapper JSON = new ObjectMapper();

    static String repo;

    @BeforeEach
    void buildHistory() {
        if (repo != null) {
            return;
        }
        repo = "times/r" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        double[][] durations = { // add, mul, conv, big, win add, distributed
                {1000, 1000, 1000, 1000, 1000, 1000}, {10, 20, 30, 70, 12, 5}, {12, 22, 33, 80, 15, 6},
                {14, 24, 36, 90, 18, 7}, {500, 500, 500, 500, 500, 500}};
        for (int c = 0; c < 5; c++) {
            String sha = HistoryBuilder.sha("c" + (c + 1));
            Instant at = T.plusSeconds(3600L * c);
            h.push(at, List.of(sha), "dev");
            long run = HistoryBuilder.nextId();
            double[] d = durations[c];
            long l1 = job(h, sha, run, 1, L1, c == 4 ? "failure" : "success", at);
            h.report(sha, l1, L1, List.of(tc("test_ops.py", "TestOps", "test_add", d[0]),
                    tc("test_ops.py", "TestOps", "test_mul", d[1])));
            if (c == 2) {
                long failed = job(h, sha, run, 1, L2, "failure", at);
                h.report(sha, failed, L2, List.of(tc("test_nn.py", "TestNN", "test_conv", 31),
                        tc("test_ops.py", "TestOpsSlow", "test_big", 75)));
            }
            long l2 = job(h, sha, run, c == 2 ? 2 : 1, L2, "success", at.plusSeconds(60));
            h.report(sha, l2, L2, List.of(tc("test_nn.py", "TestNN", "test_conv", d[2]),
                    tc("test_ops.py", "TestOpsSlow", "test_big", d[3])));
            long w = job(h, sha, run, 1, W, "success", at);
            h.report(sha, w, W, List.of(tc("test_ops.py", "TestOps", "test_add", d[4])));
            long dist = job(h, sha, run, 1, D, "success", at);
            h.report(sha, dist, D, List.of(tc("whatever.py", "TestC10d", "test_allreduce", d[5])),
                    "invoking_file=distributed.test_c10d");
        }
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/run-all").then().statusCode(200);
    }

    private static long job(HistoryBuilder h, String sha, long run, int attempt, String name, String conclusion,
            Instant at) {
        return h.job(sha, run, attempt, "pull", name, "completed", conclusion, at, at.plusSeconds(10),
                at.plusSeconds(600), List.of("linux.2xlarge"));
    }

    private static String tc(String file, String classname, String name, double seconds) {
        return HistoryBuilder.testCase(file, classname, name, "passed", seconds, null);
    }

    @Test
    void testTimesFileHasTheMeansAndTheDefaultFallback() throws Exception {
        String body = given().queryParam("repo", repo).get("/api/v1/stats/test-times.json").then().statusCode(200)
                .extract().asString();
        Map<String, Map<String, Map<String, Double>>> times = JSON.readValue(body, new TypeReference<>() {
        });
        assertEquals(Map.of("test_ops", 114.0, "test_nn", 33.0), times.get("linux-jammy").get("default"));
        assertEquals(Map.of("distributed/test_c10d", 6.0), times.get("linux-jammy").get("distributed"));
        assertEquals(Map.of("test_ops", 15.0), times.get("win-vs2022").get("default"));
        assertEquals(Map.of("test_ops", 64.5, "test_nn", 33.0), times.get("default").get("default"));
        assertEquals(Map.of("distributed/test_c10d", 6.0), times.get("default").get("distributed"));
        // The corpus file, PyTorch's own, reads into the very same structure.
        JSON.readValue(Corpus.bytes("pytorch-stats/test-times.sample.json"),
                new TypeReference<Map<String, Map<String, Map<String, Double>>>>() {
                });
    }

    @Test
    void classTimesAndSlowTests() throws Exception {
        String classes = given().queryParam("repo", repo).get("/api/v1/stats/test-class-times.json").then()
                .statusCode(200).extract().asString();
        TypeReference<Map<String, Map<String, Map<String, Map<String, Double>>>>> shape = new TypeReference<>() {
        };
        var parsed = JSON.readValue(classes, shape);
        assertEquals(Map.of("TestOps", 34.0, "TestOpsSlow", 80.0), parsed.get("linux-jammy").get("default")
                .get("test_ops"));
        assertEquals(Map.of("TestOps", 24.5, "TestOpsSlow", 80.0), parsed.get("default").get("default")
                .get("test_ops"));
        JSON.readValue(Corpus.bytes("pytorch-stats/test-class-times.sample.json"), shape);

        String slow = given().queryParam("repo", repo).get("/api/v1/stats/slow-tests.json").then().statusCode(200)
                .extract().asString();
        assertEquals(Map.of("test_big (__main__.TestOpsSlow)", 80.0), JSON.readValue(slow,
                new TypeReference<Map<String, Double>>() {
                }));
        JSON.readValue(Corpus.bytes("pytorch-stats/slow-tests.json"), new TypeReference<Map<String, Double>>() {
        });
        JsonPath graphql = GraphQL.data("query($repo: String!) { slowTests(repo: $repo) { key seconds runs } }",
                "repo", repo);
        assertEquals("test_big (__main__.TestOpsSlow)", graphql.getString("slowTests[0].key"));
        assertEquals(3, graphql.getInt("slowTests[0].runs"));
    }

    @Test
    void shardPlanOverRestAndGraphql() {
        given().queryParam("repo", repo).queryParam("job", "linux-jammy").queryParam("config", "default")
                .queryParam("shards", 2).queryParam("test", "test_ops", "test_nn", "test_new")
                .get("/api/v1/shard-plan").then().statusCode(200)
                .body("shards[0].tests", equalTo(List.of("test_ops", "test_new")))
                .body("shards[0].expected_seconds", equalTo(114.0f))
                .body("shards[1].tests", equalTo(List.of("test_nn")))
                .body("unknown", equalTo(List.of("test_new")));
        JsonPath plan = GraphQL.data("""
                query($repo: String!) {
                  shardPlan(repo: $repo, job: "mac-arm64 / test (default, 1, 1, m1)", config: "default", shards: 2) {
                    base config shards { tests expectedSeconds } unknown
                  }
                }""", "repo", repo);
        // No rows for mac-arm64: the default environment's times are used.
        assertEquals("default", plan.getString("shardPlan.base"));
        assertEquals(List.of("test_ops"), plan.getList("shardPlan.shards[0].tests"));
        assertEquals(64.5, plan.getDouble("shardPlan.shards[0].expectedSeconds"));
        JsonPath times = GraphQL.data("query($repo: String!) { testTimes(repo: $repo, job: \"win-vs2022\") { base"
                + " config files { file seconds runs } } }", "repo", repo);
        assertEquals("win-vs2022", times.getString("testTimes.base"));
        assertEquals(15.0, times.getDouble("testTimes.files[0].seconds"));
        assertEquals(3, times.getInt("testTimes.files[0].runs"));
    }

    @Test
    void aSecondRunWithNoNewDataWritesNothing() {
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/test-times/run").then().statusCode(200)
                .body("status", equalTo("success"));
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/test-times/run").then().statusCode(200)
                .body("status", equalTo("success")).body("rows", equalTo(0));
    }
}
