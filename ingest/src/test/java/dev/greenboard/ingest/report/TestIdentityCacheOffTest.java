package dev.greenboard.ingest.report;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/** {@code greenboard.ingest.test-identity-cache-size=0}: no cache, every batch resolves its tests in SQL. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(TestIdentityCacheOffTest.CacheOff.class)
class TestIdentityCacheOffTest {

    public static class CacheOff implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenboard.ingest.test-identity-cache-size", "0");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestIdentityCache cache;

    @Test
    void uploadsWorkWithoutTheCache() {
        Sql sql = new Sql(dataSource);
        String repo = TestIdentityCacheUploadTest.uniqueRepo("off");
        // Over one batch, with every test twice: the second batch finds the first one's uncommitted identities.
        List<String> tests = TestIdentityCacheUploadTest.names("test_uncached", 3_000);
        List<String> twice = new ArrayList<>(tests);
        twice.addAll(tests);
        for (int upload = 0; upload < 2; upload++) {
            Response answer = TestIdentityCacheUploadTest.upload(repo, TestIdentityCacheUploadTest.jsonLines(twice));
            answer.then().statusCode(201).body("tests", equalTo(twice.size()));
            long repoId = sql.count("select id from repository where full_name = ?", repo);
            assertEquals(tests.size(), sql.count("select count(*) from test_identity where repo_id = ?", repoId));
            List<Map<String, Object>> rows = sql.rows("""
                    select ti.name from test_result tr join test_identity ti on ti.id = tr.test_id and ti.repo_id = ?
                    where tr.report_id = ? order by tr.ordinal""", repoId,
                    ((Number) answer.path("reportId")).longValue());
            assertEquals(twice, rows.stream().map(row -> row.get("name")).toList());
        }
        assertFalse(cache.enabled());
        assertEquals(0, cache.size());
        assertEquals(0, cache.hits());
    }
}
