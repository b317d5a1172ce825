package dev.greenboard.api.stats;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * {@code GET /api/v1/stats/{file}?repo=}: the published files CI downloads, rendered from the rollup tables (the
 * renderers' own bytes are metrics-jobs' tests; here: that each file is served whole, with its parameters and
 * errors). The rows are written directly, as the rollups write them.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsResourceTest {

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
        repo = "stats/r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name) values (?, 'stats', ?)", repo,
                repo.substring("stats/".length()));
        sql.execute("""
                insert into test_file_time (repo_id, base, config, file, seconds, runs, updated_at)
                values (repository_id(?), 'linux-jammy', 'default', 'test_ops', 114.0, 3, now()),
                       (repository_id(?), 'default', 'default', 'test_ops', 64.5, 6, now())""", repo, repo);
        sql.execute("""
                insert into test_class_time (repo_id, base, config, file, classname, seconds, runs, updated_at)
                values (repository_id(?), 'linux-jammy', 'default', 'test_ops', 'TestOps', 34.0, 3, now())""", repo);
        sql.execute("""
                insert into slow_test (repo_id, test_key, file, classname, name, seconds, runs, updated_at)
                values (repository_id(?), 'test_big (__main__.TestOpsSlow)', 'test_ops', 'TestOpsSlow', 'test_big',
                        80.0, 3, now())""", repo);
        String issues = "https://github.com/" + repo + "/issues/";
        sql.execute("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, issue_number, issue_url,
                    platforms, active)
                values (repository_id(?), 'test_disabled_by_issue (__main__.TestDisabled)', 'test_disabled_by_issue',
                        'TestDisabled', 'issue', 101, ? || '101', '{linux,win}', true),
                       (repository_id(?), 'test_reenabled (__main__.TestDisabled)', 'test_reenabled', 'TestDisabled',
                        'issue', 102, ? || '102', '{linux}', false),
                       (repository_id(?), 'test_module_named (__main__.TestOther)', 'test_module_named', 'TestOther',
                        'issue', 103, ? || '103', '{}', true)""", repo, issues, repo, issues, repo, issues);
        long winOnly = ((Number) sql.row("""
                insert into test_identity (repo_id, file, classname, name)
                values (repository_id(?), 'test_platform.py', 'TestPlatform', 'test_win_only') returning id""", repo)
                .get("id")).longValue();
        sql.execute("""
                insert into platform_smoke_test (repo_id, window_days, platform, test_id, runs, failures, other_runs,
                    other_failures, p_value, updated_at)
                values (repository_id(?), 14, 'windows', ?, 11, 11, 11, 0, ?, now())""", repo, winOnly,
                1.0 / 705432);
    }

    private ValidatableResponse get(String file) {
        return given().queryParam("repo", repo).get("/api/v1/stats/" + file).then();
    }

    @Test
    void testTimesFilesAreServedWhole() {
        String times = get("test-times.json").statusCode(200).contentType("application/json")
                .header("Cache-Control", "public, max-age=60").extract().asString();
        assertEquals("""
                {
                  "default": {
                    "default": {
                      "test_ops": 64.5
                    }
                  },
                  "linux-jammy": {
                    "default": {
                      "test_ops": 114.0
                    }
                  }
                }""", times);
        assertEquals("""
                {
                  "linux-jammy": {
                    "default": {
                      "test_ops": {
                        "TestOps": 34.0
                      }
                    }
                  }
                }""", get("test-class-times.json").statusCode(200).extract().asString());
        assertEquals("""
                {
                  "test_big (__main__.TestOpsSlow)": 80.0
                }""", get("slow-tests.json").statusCode(200).extract().asString());
    }

    /** Open issues #101 (linux, win) and #103 (every platform); #102 was closed. */
    @Test
    void disabledTestsFileHasPyTorchsBytes() {
        String url = "https://github.com/" + repo + "/issues/";
        assertEquals("""
                {
                  "test_disabled_by_issue (__main__.TestDisabled)": [
                    "101",
                    "%1$s101",
                    [
                      "linux",
                      "win"
                    ]
                  ],
                  "test_module_named (__main__.TestOther)": [
                    "103",
                    "%1$s103",
                    []
                  ]
                }""".formatted(url), get("disabled-tests-condensed.json").statusCode(200)
                .contentType("application/json").extract().asString());
    }

    @Test
    void platformSmokeTestsFileTakesThePlatformAndAComputedWindow() {
        String windows = given().queryParam("repo", repo).queryParam("platform", "windows")
                .get("/api/v1/stats/platform-smoke-tests.json").then().statusCode(200).extract().asString();
        Matcher p = Pattern.compile("\"p_value\": ([0-9.Ee-]+)").matcher(windows);
        assertTrue(p.find(), windows);
        assertEquals(1.0 / 705432, Double.parseDouble(p.group(1)), 1e-15);
        assertEquals("""
                {
                  "platform": "windows",
                  "tests": [
                    {
                      "file": "test_platform.py",
                      "classname": "TestPlatform",
                      "name": "test_win_only",
                      "runs": 11,
                      "failures": 11,
                      "other_runs": 11,
                      "other_failures": 0,
                      "p_value": P
                    }
                  ]
                }""", windows.replace(p.group(1), "P"));
        assertEquals("""
                {
                  "platform": "linux",
                  "tests": []
                }""", given().queryParam("repo", repo).queryParam("platform", "linux").queryParam("days", 14)
                .get("/api/v1/stats/platform-smoke-tests.json").then().statusCode(200).extract().asString());
        get("platform-smoke-tests.json").statusCode(400).body("error", equalTo("bad_parameter"))
                .body("detail", equalTo("Query parameter 'platform' is required, e.g. platform=windows"));
        // A window that is not precomputed is judged from the daily aggregates; this repository has only rollup rows.
        assertEquals("""
                {
                  "platform": "windows",
                  "tests": []
                }""", given().queryParam("repo", repo).queryParam("platform", "windows").queryParam("days", 7)
                .get("/api/v1/stats/platform-smoke-tests.json").then().statusCode(200).extract().asString());
        given().queryParam("repo", repo).queryParam("platform", "windows").queryParam("days", 91)
                .get("/api/v1/stats/platform-smoke-tests.json").then().statusCode(400)
                .body("error", equalTo("bad_parameter"))
                .body("detail", equalTo("days must be a number of days from 1 to 90, got '91'"
                        + " (greenboard.retention.test-result-days)"));
    }

    @Test
    void unknownFilesAndRepositoriesAreRefused() {
        get("no-such-file.json").statusCode(404).body("error", equalTo("unknown_artifact"))
                .body("detail", containsString("test-times.json"));
        given().get("/api/v1/stats/test-times.json").then().statusCode(400).body("error", equalTo("bad_parameter"))
                .body("detail", containsString("'repo'"));
        given().queryParam("repo", repo + "-nope").get("/api/v1/stats/test-times.json").then().statusCode(404)
                .body("error", equalTo("unknown_repository"));
    }
}
