package dev.greenboard.ingest.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * The shared cache of test identities seen through uploads: known tests cost no identity SQL, a rolled-back upload's
 * new identities never enter it, and concurrent uploads of the same new tests agree on one identity each.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TestIdentityCacheUploadTest {

    static final String TOKEN = "test-token-1";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestIdentityCache cache;

    Sql sql;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
    }

    @Test
    void secondUploadOfKnownTestsIssuesNoIdentitySql() throws Exception {
        String repo = uniqueRepo("second");
        List<String> tests = names("test_known", 300);
        upload(repo, jsonLines(tests)).then().statusCode(201);
        long repoId = repoId(repo);
        for (String test : tests) {
            assertTrue(cache.cachedId(repoId, fileOf(test), "C", test).isPresent(), test + " cached after commit");
        }
        long hits = cache.hits();
        long misses = cache.misses();

        // Any statement on test_identity, insert or select, waits for this lock: the upload must not need one.
        Response second;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("lock table test_identity in access exclusive mode");
            }
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> upload(repo, jsonLines(tests)));
            try {
                second = answer.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                lock.rollback();
                answer.get(60, TimeUnit.SECONDS);
                fail("The upload of known tests waited for a lock on test_identity: it resolved identities in SQL");
                return;
            } finally {
                lock.rollback();
            }
        }
        second.then().statusCode(201).body("tests", equalTo(tests.size()));
        assertEquals(misses, cache.misses(), "no lookup missed the cache");
        assertEquals(hits + tests.size(), cache.hits());
        long reportId = ((Number) second.path("reportId")).longValue();
        assertStoredAsUploaded(repoId, reportId, tests);
    }

    @Test
    void failedUploadLeavesItsNewIdentitiesOutOfTheCache() {
        String repo = uniqueRepo("rollback");
        upload(repo, jsonLines(List.of("test_seed"))).then().statusCode(201);
        long repoId = repoId(repo);
        long identities = sql.count("select count(*) from test_identity where repo_id = ?", repoId);
        // More than one batch (5,000 cases), so the first batch's identities are created and its results copied
        // before the broken last line rejects the whole upload.
        List<String> tests = names("test_rolled_back", 5_001);
        long misses = cache.misses();
        String broken = jsonLines(tests.subList(0, 5_000)) + "{oops\n";
        upload(repo, broken).then().statusCode(400).body("error", equalTo("not_well_formed"));
        assertTrue(cache.misses() >= misses + 5_000, "the first batch was resolved in the database");
        assertEquals(identities, sql.count("select count(*) from test_identity where repo_id = ?", repoId));
        for (String test : tests) {
            assertEquals(OptionalLong.empty(), cache.cachedId(repoId, fileOf(test), "C", test),
                    test + " was created by a transaction that rolled back");
        }

        Response stored = upload(repo, jsonLines(tests));
        stored.then().statusCode(201).body("tests", equalTo(tests.size()));
        assertStoredAsUploaded(repoId, ((Number) stored.path("reportId")).longValue(), tests);
        assertCacheMatchesDatabase(repoId);
    }

    @Test
    void concurrentUploadsOfNewTestsShareOneIdentityEach() throws Exception {
        String repo = uniqueRepo("concurrent");
        // The repository exists first: this test is about identities, not about creating the repository row.
        upload(repo, jsonLines(List.of("test_seed"))).then().statusCode(201);
        long repoId = repoId(repo);
        List<String> tests = names("test_shared", 6_000);
        int uploaders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(uploaders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < uploaders; i++) {
                // Each in its own order, over two batches: the inserts must still not deadlock.
                List<String> order = new ArrayList<>(tests);
                Collections.shuffle(order, new Random(i));
                String body = jsonLines(order);
                answers.add(pool.submit(() -> {
                    start.await();
                    return upload(repo, body);
                }));
            }
            start.countDown();
            for (Future<Response> answer : answers) {
                Response response = answer.get(120, TimeUnit.SECONDS);
                response.then().statusCode(201).body("tests", equalTo(tests.size()));
                long reportId = ((Number) response.path("reportId")).longValue();
                assertEquals(tests.size(), sql.count("""
                        select count(distinct tr.test_id) from test_result tr
                        join test_identity ti on ti.id = tr.test_id and ti.repo_id = ?
                        where tr.report_id = ?""", repoId, reportId));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(tests.size() + 1, sql.count("select count(*) from test_identity where repo_id = ?", repoId));
        assertCacheMatchesDatabase(repoId);
    }

    static String uniqueRepo(String prefix) {
        return "identity-cache/" + prefix + "-" + UUID.randomUUID();
    }

    static Response upload(String repo, String jsonLines) {
        return given().auth().oauth2(TOKEN).queryParam("repo", repo)
                .queryParam("sha", UUID.randomUUID().toString().replace("-", ""))
                .contentType("application/x-ndjson").body(jsonLines.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/test-reports");
    }

    static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + "_" + i);
        }
        return names;
    }

    /** Spreads tests over a few files, so that identities differ in more than their name. */
    static String fileOf(String test) {
        return "test/file_" + Math.floorMod(test.hashCode(), 7) + ".py";
    }

    static String jsonLines(List<String> tests) {
        StringBuilder body = new StringBuilder();
        for (String test : tests) {
            body.append("{\"file\":\"").append(fileOf(test)).append("\",\"classname\":\"C\",\"name\":\"")
                    .append(test).append("\",\"status\":\"passed\"}\n");
        }
        return body.toString();
    }

    long repoId(String repo) {
        return sql.count("select id from repository where full_name = ?", repo);
    }

    /** Each result row points at the identity row of the test uploaded at its position. */
    void assertStoredAsUploaded(long repoId, long reportId, List<String> tests) {
        List<Map<String, Object>> rows = sql.rows("""
                select ti.file, ti.classname, ti.name
                from test_result tr left join test_identity ti on ti.id = tr.test_id and ti.repo_id = ?
                where tr.report_id = ? order by tr.ordinal""", repoId, reportId);
        assertEquals(tests.size(), rows.size());
        for (int i = 0; i < tests.size(); i++) {
            String test = tests.get(i);
            assertEquals(Map.of("file", fileOf(test), "classname", "C", "name", test), rows.get(i),
                    "result " + i);
        }
    }

    /** Every id the cache holds for the repository is the database's id of that test. */
    void assertCacheMatchesDatabase(long repoId) {
        for (Map<String, Object> row : sql.rows("select id, file, classname, name from test_identity"
                + " where repo_id = ?", repoId)) {
            OptionalLong cached = cache.cachedId(repoId, (String) row.get("file"), (String) row.get("classname"),
                    (String) row.get("name"));
            assertEquals(OptionalLong.of(((Number) row.get("id")).longValue()), cached, row.toString());
        }
    }
}
