package dev.greenboard.ingest.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Bodies;
import dev.greenboard.testkit.Webhooks;

/** Size limits (413, counted after decompression) and webhooks refused while no secret is configured. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(IngestLimitsTest.SmallLimits.class)
class IngestLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenboard.ingest.max-body-bytes", "2048", "greenboard.github-webhook-secret", "");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void bodiesOverTheLimitGet413AndStoreNothing() throws IOException {
        Sql sql = new Sql(dataSource);
        long reports = sql.count("select count(*) from test_report");
        StringBuilder xml = new StringBuilder("<testsuite>");
        for (int i = 0; i < 100; i++) {
            xml.append("<testcase classname=\"C\" name=\"test_").append(i).append("\"/>");
        }
        xml.append("</testsuite>");
        String sha = UUID.randomUUID().toString().replace("-", "");
        given().auth().oauth2("test-token-1").queryParam("repo", "limits/r").queryParam("sha", sha)
                .contentType("application/xml").body(xml.toString()).post("/api/v1/test-reports").then()
                .statusCode(413).body("error", equalTo("payload_too_large"));
        // Small on the wire, large once inflated: the limit applies to what is decompressed.
        byte[] bomb = Bodies.gzip(new byte[1_000_000]);
        given().auth().oauth2("test-token-1").queryParam("repo", "limits/r").queryParam("sha", sha)
                .contentType("application/xml").header("Content-Encoding", "gzip").body(bomb)
                .post("/api/v1/test-reports").then().statusCode(413);
        given().auth().oauth2("test-token-1").contentType("application/json").header("Content-Encoding", "gzip")
                .body(bomb).post("/api/v1/collections/limits/documents").then().statusCode(413);
        assertEquals(reports, sql.count("select count(*) from test_report"));
    }

    @Test
    void aZipThatDecompressesPastTheBodyLimitGets413NamingTheSetting() throws IOException {
        Sql sql = new Sql(dataSource);
        long reports = sql.count("select count(*) from test_report");
        // One well-formed report padded with 1 MB of spaces: about 1 KB zipped, under the 2,048-byte body limit, and
        // 500 times that once inflated. The zip budget used to be a fixed 2 GiB, so this was stored (201).
        String report = "<testsuite><testcase classname=\"C\" name=\"padded\"/>" + " ".repeat(1_000_000)
                + "</testsuite>";
        byte[] zip = Bodies.zip(Map.of("report.xml", report.getBytes(StandardCharsets.UTF_8)));
        assertTrue(zip.length < 2048, "the zip must fit the body limit, it has " + zip.length + " bytes");
        String sha = UUID.randomUUID().toString().replace("-", "");
        given().auth().oauth2("test-token-1").queryParam("repo", "limits/zip").queryParam("sha", sha)
                .contentType("application/zip").body(zip).post("/api/v1/test-reports").then().statusCode(413)
                .body("error", equalTo("payload_too_large"))
                .body("detail", containsString("report.xml"))
                .body("detail", containsString("greenboard.ingest.max-body-bytes"));
        assertEquals(reports, sql.count("select count(*) from test_report"));
    }

    @Test
    void webhooksAreRefusedUntilASecretIsSet() {
        Webhooks.deliver("ping", "{\"zen\": \"x\"}".getBytes()).statusCode(401)
                .body("error", equalTo("webhooks_disabled"))
                .body("detail", containsString("GREENBOARD_GITHUB_WEBHOOK_SECRET"));
    }
}
