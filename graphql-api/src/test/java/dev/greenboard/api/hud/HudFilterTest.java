package dev.greenboard.api.hud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.api.graphql.ConcurrentQueries;
import dev.greenboard.api.graphql.ReadinessWatch;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * The HUD's job filter against a branch with PyTorch's many long job names: the filter of issue 11 (eight {@code .*}
 * before a character no name has held the event loop for 775 s) leaves the service answering, the documented meaning
 * holds, and patterns RE2 cannot run are refused with the reason.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HudFilterTest {

    private static final String HOSTILE = ".*.*.*.*.*.*.*.*=";
    private static final List<String> CONFIGS = List.of("linux-jammy-py3.10-gcc11",
            "linux-jammy-cuda12.4-py3.10-gcc11-sm86", "linux-focal-rocm6.2-py3.10", "win-vs2022-cuda12.4-py3",
            "macos-py3-arm64-mps");
    private static final int SHARDS = 5;
    /** The only name with a '=' in it. */
    private static final String CROSSREF = "linux-focal-py3.9-clang10 / test (crossref=1, 1, 2, linux.2xlarge)";
    private static final String QUERY = """
            query($repo: String!, $filter: String) {
              hud(repo: $repo, first: 5, jobFilter: $filter) { jobNames rows { sha cells { status } } }
            }""";

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @TestHTTPResource("/graphql")
    URL graphql;

    String repo;

    /** Three commits, each with every shard of every configuration and the crossref job: 78 long job names. */
    @BeforeEach
    void buildHistory() {
        if (repo != null) {
            return;
        }
        repo = "hud-filter/r" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder history = new HistoryBuilder(repo, "main");
        Instant t = Instant.parse("2026-11-02T10:00:00Z");
        for (int c = 0; c < 3; c++) {
            String sha = HistoryBuilder.sha("hud" + c);
            Instant pushed = t.plusSeconds(3600L * c);
            history.push(pushed, List.of(sha), "alice");
            long run = HistoryBuilder.nextId();
            for (String name : jobNames()) {
                history.job(sha, run, 1, "pull", name, "completed", c == 1 ? "failure" : "success", pushed,
                        pushed.plusSeconds(60), pushed.plusSeconds(1800), List.of("linux.4xlarge"));
            }
        }
    }

    private static List<String> jobNames() {
        List<String> names = new ArrayList<>();
        for (String config : CONFIGS) {
            for (int shard = 1; shard <= SHARDS; shard++) {
                names.add(config + " / test (default, " + shard + ", " + SHARDS + ", linux.4xlarge)");
            }
        }
        names.add(CROSSREF);
        return names;
    }

    @Test
    void theHostileFilterLeavesReadinessAnswering() throws Exception {
        try (ReadinessWatch watch = ReadinessWatch.start(ready)) {
            // As in the issue, several at once: each would block the event loop it landed on.
            List<CompletableFuture<JsonNode>> sent = ConcurrentQueries.send(graphql.toURI(), 4, QUERY,
                    Map.of("repo", repo, "filter", HOSTILE), null, Duration.ofSeconds(60));
            ConcurrentQueries.settle(sent);
            watch.assertAlwaysUp(10);
            for (JsonNode answer : ConcurrentQueries.answers(sent)) {
                assertTrue(answer.path("errors").isMissingNode(), answer::toString);
                // The same answer java.util.regex would have given, had it finished: the one name with a '='.
                assertEquals("[\"pull / " + CROSSREF + "\"]", answer.at("/data/hud/jobNames").toString());
                assertEquals(3, answer.at("/data/hud/rows").size());
            }
        }
    }

    @Test
    void regexesAndSubstringsKeepTheirDocumentedMeaning() {
        JsonPath cuda = GraphQL.data(QUERY, "repo", repo, "filter", "LINUX-JAMMY-CUDA.*, [13],");
        assertEquals(List.of("pull / linux-jammy-cuda12.4-py3.10-gcc11-sm86 / test (default, 1, 5, linux.4xlarge)",
                "pull / linux-jammy-cuda12.4-py3.10-gcc11-sm86 / test (default, 3, 5, linux.4xlarge)"),
                cuda.getList("hud.jobNames"));
        assertEquals(List.of("SUCCESS", "SUCCESS"), cuda.getList("hud.rows[0].cells.status"));
        assertEquals(List.of("FAILURE", "FAILURE"), cuda.getList("hud.rows[1].cells.status"));
        // Not a regex: a substring, ignoring case.
        JsonPath crossref = GraphQL.data(QUERY, "repo", repo, "filter", "TEST (CROSSREF=1");
        assertEquals(List.of("pull / " + CROSSREF), crossref.getList("hud.jobNames"));
        JsonPath all = GraphQL.data(QUERY, "repo", repo, "filter", "");
        assertEquals(CONFIGS.size() * SHARDS + 1, all.getList("hud.jobNames").size());
    }

    @Test
    void patternsRe2CannotRunAreBadUserInput() {
        assertRefused("(cuda).*\\1", "jobFilter uses regex syntax that Greenboard does not run (invalid escape"
                + " sequence at `\\1`): patterns run on RE2, which has no backreferences, lookahead or lookbehind,"
                + " possessive quantifiers or atomic groups");
        assertRefused("linux(?!-jammy)", "jobFilter uses regex syntax that Greenboard does not run (invalid or"
                + " unsupported Perl syntax at `(?!`)");
        assertRefused("x".repeat(201), "jobFilter is 201 characters long; at most 200 are accepted");
        assertRefused("((.{50}){50}){50}", "jobFilter expands to about 125000 steps");
    }

    private void assertRefused(String filter, String message) {
        JsonPath answer = GraphQL.raw(QUERY, "repo", repo, "filter", filter);
        assertNull(answer.get("data.hud"));
        assertEquals("BAD_USER_INPUT", answer.getString("errors[0].extensions.code"));
        assertTrue(answer.getString("errors[0].message").startsWith(message), answer.getString("errors[0].message"));
    }
}
