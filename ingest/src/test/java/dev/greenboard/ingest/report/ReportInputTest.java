package dev.greenboard.ingest.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * Every kind of upload input that was once answered with a 500 (issue 11, item 4), with the answer it gets now:
 * stored (NUL removed, U+FFFD for a lone surrogate, identities of any length kept whole) or refused with a 400 naming
 * the parameter or the line, storing nothing.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ReportInputTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;
    String sha;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        repo = "input/r" + UUID.randomUUID().toString().substring(0, 8);
        sha = HistoryBuilder.sha("input");
    }

    private RequestSpecification upload(String contentType) {
        return given().auth().oauth2("test-token-1").queryParam("repo", repo).queryParam("sha", sha)
                .contentType(contentType);
    }

    private long reports() {
        return sql.count("select count(*) from test_report r join repository p on p.id = r.repo_id"
                + " where p.full_name = ?", repo);
    }

    private long identities() {
        return sql.count("select count(*) from test_identity i join repository p on p.id = i.repo_id"
                + " where p.full_name = ?", repo);
    }

    private Map<String, Object> onlyTest() {
        return sql.row("select i.file, i.classname, i.name, r.message, r.extra::text as extra from test_identity i"
                + " join repository p on p.id = i.repo_id join test_result r on r.test_id = i.id"
                + " where p.full_name = ?", repo);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nulInEveryJsonStringIsRemoved() {
        String line = "{\"file\": \"f\\u0000.py\", \"classname\": \"C\\u0000\", \"name\": \"t\\u0000est\","
                + " \"status\": \"failed\", \"message\": \"bo\\u0000om\", \"ex\\u0000tra\": \"v\\u0000\"}";
        upload("application/x-ndjson").body(utf8(line)).post("/api/v1/test-reports").then().statusCode(201);
        Map<String, Object> stored = onlyTest();
        assertEquals("f.py", stored.get("file"));
        assertEquals("C", stored.get("classname"));
        assertEquals("test", stored.get("name"));
        assertEquals("boom", stored.get("message"));
        assertEquals("{\"extra\": \"v\"}", stored.get("extra"));
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacterAndTheTestIsOneTest() {
        String line = "{\"name\": \"t \\udc00\", \"status\": \"passed\", \"tag\": \"\\ud800\"}";
        upload("application/x-ndjson").body(utf8(line)).post("/api/v1/test-reports").then().statusCode(201);
        upload("application/x-ndjson").header("Idempotency-Key", "again").body(utf8(line))
                .post("/api/v1/test-reports").then().statusCode(201);
        assertEquals(1, identities());
        assertEquals("t \uFFFD", sql.row("select i.name from test_identity i join repository p on p.id = i.repo_id"
                + " where p.full_name = ?", repo).get("name"));
    }

    @Test
    void aByteOrderMarkIsSkippedAndUtf16IsDecoded() {
        String line = "{\"name\": \"caf\u00e9\", \"status\": \"passed\"}";
        byte[] bom = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(line));
        upload("application/x-ndjson").body(bom).post("/api/v1/test-reports").then().statusCode(201);
        byte[] utf16 = concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, line.getBytes(StandardCharsets.UTF_16LE));
        upload("application/x-ndjson").header("Idempotency-Key", "utf16").body(utf16).post("/api/v1/test-reports")
                .then().statusCode(201);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><testsuite name=\"s\"><testcase name=\"caf\u00e9\"/>"
                + "</testsuite>";
        upload("application/xml").header("Idempotency-Key", "xml16")
                .body(concat(new byte[]{(byte) 0xFE, (byte) 0xFF}, xml.getBytes(StandardCharsets.UTF_16BE)))
                .post("/api/v1/test-reports").then().statusCode(201);
        assertEquals(2, identities(), "café from JSON lines (no file) and café in suite s");
    }

    @Test
    void bytesAfterTheLastLineAreRefusedWithTheLineAndStoreNothing() {
        upload("application/x-ndjson").body(utf8("{\"name\": \"a\", \"status\": \"passed\"}\n}}garbage"))
                .post("/api/v1/test-reports").then().statusCode(400).body("detail", containsString("line 2"));
        upload("application/xml").body(utf8("<testsuite><testcase name=\"a\"/></testsuite>trailing"))
                .post("/api/v1/test-reports").then().statusCode(400).body("detail", containsString("line 1"));
        assertEquals(0, reports());
    }

    @ParameterizedTest
    @ValueSource(strings = {"job_name", "branch", "invoking_file", "workflow_name"})
    void nulInANameParameterIsRefusedNamingIt(String parameter) {
        upload("application/x-ndjson").queryParam(parameter, "a\0b")
                .body(utf8("{\"name\": \"a\", \"status\": \"passed\"}")).post("/api/v1/test-reports").then()
                .statusCode(400).body("error", equalTo("bad_parameter"))
                .body("detail", allOf(containsString("'" + parameter + "'"), containsString("NUL")));
        assertEquals(0, reports());
    }

    @Test
    void nulInALabelIsRefusedNamingIt() {
        upload("application/x-ndjson").queryParam("label", "platform=lin\0ux")
                .body(utf8("{\"name\": \"a\", \"status\": \"passed\"}")).post("/api/v1/test-reports").then()
                .statusCode(400).body("detail", allOf(containsString("label platform"), containsString("NUL")));
        assertEquals(0, reports());
    }

    @Test
    void aBranchOfThreeThousandCharactersIsRefusedNamingIt() {
        upload("application/x-ndjson").queryParam("branch", "b".repeat(3000))
                .body(utf8("{\"name\": \"a\", \"status\": \"passed\"}")).post("/api/v1/test-reports").then()
                .statusCode(400).body("detail", allOf(containsString("'branch'"), containsString("3000 bytes")));
        assertEquals(0, reports());
    }

    @Test
    void testIdentitiesOfAnyLengthAreKeptWhole() {
        Random random = new Random(11);
        String file = randomText(random, 10_000);
        String classname = randomText(random, 5_000);
        String name = randomText(random, 20_000);
        String line = "{\"file\": \"" + file + "\", \"classname\": \"" + classname + "\", \"name\": \"" + name
                + "\", \"status\": \"passed\"}";
        upload("application/x-ndjson").body(utf8(line)).post("/api/v1/test-reports").then().statusCode(201);
        upload("application/x-ndjson").header("Idempotency-Key", UUID.randomUUID().toString()).body(utf8(line))
                .post("/api/v1/test-reports").then().statusCode(201);
        assertEquals(1, identities(), "the same long test twice is one test");
        Map<String, Object> stored = onlyTestOf(name);
        assertEquals(file, stored.get("file"));
        assertEquals(classname, stored.get("classname"));
    }

    @Test
    void aFiveMegabyteSuiteNameStandsForTheFile() {
        String suite = randomText(new Random(12), 5 * 1024 * 1024);
        String xml = "<testsuite name=\"" + suite + "\"><testcase classname=\"C\" name=\"t1\"/>"
                + "<testcase classname=\"C\" name=\"t2\"><failure message=\"m\"/></testcase></testsuite>";
        upload("application/xml").body(utf8(xml)).post("/api/v1/test-reports").then().statusCode(201)
                .body("tests", equalTo(2)).body("failed", equalTo(1));
        assertEquals(2, sql.count("select count(*) from test_identity i join repository p on p.id = i.repo_id"
                + " where p.full_name = ? and i.file = ?", repo, suite));
    }

    @Test
    void anIdempotencyKeyOfAnyLengthWorks() {
        String key = randomText(new Random(13), 6000).replaceAll("[^A-Za-z0-9]", "k");
        byte[] body = utf8("{\"name\": \"k\", \"status\": \"passed\"}");
        long id = ((Number) upload("application/x-ndjson").header("Idempotency-Key", key).body(body)
                .post("/api/v1/test-reports").then().statusCode(201).extract().path("reportId")).longValue();
        upload("application/x-ndjson").header("Idempotency-Key", key).body(body).post("/api/v1/test-reports").then()
                .statusCode(200).body("duplicate", equalTo(true)).body("reportId", equalTo((int) id));
    }

    private Map<String, Object> onlyTestOf(String name) {
        return sql.row("select i.file, i.classname from test_identity i join repository p on p.id = i.repo_id"
                + " where p.full_name = ? and i.name = ?", repo, name);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** Text that does not compress to fit an index entry, with multi-byte characters, safe in JSON and XML. */
    static String randomText(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/.:éß中";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
