package dev.greenboard.ingest.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import dev.greenboard.ingest.report.parse.JunitXmlParser;
import dev.greenboard.ingest.report.parse.ParseSummary;
import dev.greenboard.ingest.report.parse.ReportParseException;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Bodies;
import dev.greenboard.testkit.Corpus;

/** {@code POST /api/v1/test-reports} end to end: HTTP, parsing, storage, idempotency, auth. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TestReportUploadTest {

    private static final String TOKEN = "test-token-1";

    /** The corpus files that are broken on purpose, and the error each must get. */
    private static final Map<String, String> BROKEN = Map.of(
            "junit/EnricoMi+publish-unit-test-result-action/xml/empty.xml", "empty_body",
            "junit/EnricoMi+publish-unit-test-result-action/xml/non-xml.xml", "not_well_formed",
            "junit/EnricoMi+publish-unit-test-result-action/junit-xml/pytest/corrupt-xml.xml", "not_well_formed",
            "junit/mikepenz+action-junit-report/corrupt-junit/e2e-tests/corrupt/target/sf-reports/TEST-test.CorruptTest.xml",
            "not_well_formed",
            "junit/mikepenz+action-junit-report/junit-web-test/expectedRetries.xml", "not_well_formed",
            "junit/jenkinsci+junit-plugin/testXxe-xxe.xml", "invalid_report",
            "junit/EnricoMi+publish-unit-test-result-action/junit-xml/non-junit.xml", "not_a_test_report");

    @Inject
    AgroalDataSource dataSource;

    Sql sql;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
    }

    static Stream<String> wellFormedJunitFiles() {
        return Corpus.files("junit").stream().filter(f -> !BROKEN.containsKey(f));
    }

    static Stream<String> brokenJunitFiles() {
        return BROKEN.keySet().stream().sorted();
    }

    private static String randomSha() {
        return UUID.randomUUID().toString().replace("-", "") + "abcd1234";
    }

    private static RequestSpecification upload(String sha) {
        return given().auth().oauth2(TOKEN)
                .queryParam("repo", "corpus/junit")
                .queryParam("sha", sha)
                .queryParam("job_id", 987654)
                .queryParam("branch", "main")
                .queryParam("label", "platform=linux", "config=default");
    }

    @ParameterizedTest
    @MethodSource("wellFormedJunitFiles")
    void everyWellFormedCorpusFileIsStoredWithItsCounts(String file) throws Exception {
        ParseSummary expected;
        try (InputStream in = Files.newInputStream(Corpus.path(file))) {
            expected = new JunitXmlParser().parse(in, testCase -> {
            });
        }
        String sha = randomSha();
        int reportId = upload(sha).contentType("application/xml").body(Corpus.bytes(file))
                .post("/api/v1/test-reports").then().statusCode(201)
                .body("tests", equalTo((int) expected.tests()))
                .body("passed", equalTo((int) expected.passed()))
                .body("failed", equalTo((int) expected.failed()))
                .body("errors", equalTo((int) expected.errors()))
                .body("skipped", equalTo((int) expected.skipped()))
                .body("flaky", equalTo((int) expected.flaky()))
                .body("duplicate", is(false))
                .extract().path("reportId");
        assertEquals(expected.tests(), sql.count("select count(*) from test_result where report_id = ?",
                (long) reportId));
        for (int status = 0; status <= 4; status++) {
            long stored = sql.count("select count(*) from test_result where report_id = ? and status = ?",
                    (long) reportId, (short) status);
            long counted = switch (status) {
                case 0 -> expected.passed();
                case 1 -> expected.failed();
                case 2 -> expected.errors();
                case 3 -> expected.skipped();
                default -> expected.flaky();
            };
            assertEquals(counted, stored, "rows with status " + status);
        }
        Map<String, Object> report = sql.row("select sha, job_id, branch, labels::text as labels, format from"
                + " test_report where id = ?", (long) reportId);
        assertEquals(sha, report.get("sha"));
        assertEquals(987654L, report.get("job_id"));
        assertEquals("{\"config\": \"default\", \"platform\": \"linux\"}", report.get("labels"));
        assertEquals("junit-xml", report.get("format"));
    }

    @ParameterizedTest
    @MethodSource("brokenJunitFiles")
    void brokenCorpusFilesAreRefusedAndStoreNothing(String file) {
        long reports = sql.count("select count(*) from test_report");
        long results = sql.count("select count(*) from test_result");
        long identities = sql.count("select count(*) from test_identity");
        String sha = randomSha();
        upload(sha).contentType("application/xml").body(Corpus.bytes(file)).post("/api/v1/test-reports").then()
                .statusCode(400).body("error", equalTo(BROKEN.get(file)));
        assertEquals(reports, sql.count("select count(*) from test_report"));
        assertEquals(results, sql.count("select count(*) from test_result"));
        assertEquals(identities, sql.count("select count(*) from test_identity"));
        assertEquals(0, sql.count("select count(*) from commit where sha = ?", sha));
    }

    @Test
    void notWellFormedXmlErrorNamesLineAndColumn() {
        upload(randomSha()).contentType("application/xml")
                .body("<testsuite>\n  <testcase name=\"a\">\n</testsuite>")
                .post("/api/v1/test-reports").then().statusCode(400)
                .body("error", equalTo("not_well_formed"))
                .body("detail", containsString("line 3"));
    }

    @Test
    void sameReportTwiceIsOneSetOfRows() {
        byte[] body = Corpus.bytes("junit/jenkinsci+junit-plugin/gh-237/TEST-io.olamy.FlakyTest.xml");
        String sha = randomSha();
        int first = upload(sha).contentType("application/xml").body(body).post("/api/v1/test-reports").then()
                .statusCode(201).extract().path("reportId");
        long rows = sql.count("select count(*) from test_result");
        upload(sha).contentType("application/xml").body(body).post("/api/v1/test-reports").then()
                .statusCode(200).body("duplicate", is(true)).body("reportId", equalTo(first));
        assertEquals(rows, sql.count("select count(*) from test_result"));
        assertEquals(1, sql.count("select count(*) from test_report where sha = ?", sha));
        // Another attempt of the same job is another report.
        upload(sha).queryParam("run_attempt", 2).contentType("application/xml").body(body)
                .post("/api/v1/test-reports").then().statusCode(201);
        assertEquals(2, sql.count("select count(*) from test_report where sha = ?", sha));
    }

    @Test
    void identicalFilesOfTwoJobsWithoutJobIdAreTwoReports() {
        String sha = randomSha();
        byte[] body = "<testsuite><testcase classname=\"C\" name=\"t\"/></testsuite>".getBytes(StandardCharsets.UTF_8);
        for (String job : List.of("test (linux)", "test (windows)")) {
            given().auth().oauth2(TOKEN).queryParam("repo", "corpus/junit").queryParam("sha", sha)
                    .queryParam("job_name", job).contentType("application/xml").body(body)
                    .post("/api/v1/test-reports").then().statusCode(201).body("duplicate", is(false));
        }
        assertEquals(2, sql.count("select count(*) from test_report where sha = ?", sha));
    }

    @Test
    void idempotencyKeyOverridesTheBodyKey() {
        String sha = randomSha();
        String key = UUID.randomUUID().toString();
        int first = upload(sha).header("Idempotency-Key", key).contentType("application/x-ndjson")
                .body("{\"name\":\"a\",\"status\":\"passed\"}\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/test-reports").then()
                .statusCode(201).extract().path("reportId");
        upload(sha).header("Idempotency-Key", key).contentType("application/x-ndjson")
                .body("{\"name\":\"b\",\"status\":\"failed\"}\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/test-reports").then()
                .statusCode(200).body("duplicate", is(true)).body("reportId", equalTo(first))
                .body("tests", equalTo(1)).body("passed", equalTo(1));
    }

    @Test
    void tokenIsRequired() {
        given().queryParam("repo", "a/b").queryParam("sha", randomSha()).contentType("application/xml")
                .body("<testsuite/>").post("/api/v1/test-reports").then().statusCode(401)
                .body("error", equalTo("unauthorized")).body("detail", containsString("Authorization: Bearer"));
        given().auth().oauth2("wrong-token").queryParam("repo", "a/b").queryParam("sha", randomSha())
                .contentType("application/xml").body("<testsuite/>").post("/api/v1/test-reports").then()
                .statusCode(401);
        given().auth().oauth2("test-token-2").queryParam("repo", "a/b").queryParam("sha", randomSha())
                .contentType("application/xml").body("<testsuite/>").post("/api/v1/test-reports").then()
                .statusCode(201).body("tests", equalTo(0));
    }

    @Test
    void badParametersAreNamed() {
        given().auth().oauth2(TOKEN).queryParam("sha", randomSha()).contentType("application/xml")
                .body("<testsuite/>").post("/api/v1/test-reports").then().statusCode(400)
                .body("detail", containsString("'repo'"));
        given().auth().oauth2(TOKEN).queryParam("repo", "a/b").queryParam("sha", "not-a-sha")
                .contentType("application/xml").body("<testsuite/>").post("/api/v1/test-reports").then()
                .statusCode(400).body("detail", containsString("'sha'"));
        given().auth().oauth2(TOKEN).queryParam("repo", "a/b").queryParam("sha", randomSha())
                .queryParam("job_id", "x12").contentType("application/xml").body("<testsuite/>")
                .post("/api/v1/test-reports").then().statusCode(400).body("detail", containsString("'job_id'"));
        upload(randomSha()).contentType("text/plain").body("hello").post("/api/v1/test-reports").then()
                .statusCode(415);
    }

    @Test
    void gzipZipAndGzippedZipBodies() throws IOException {
        byte[] a = Corpus.bytes("junit/jstemmer+go-junit-report/001-report.xml");
        byte[] b = Corpus.bytes("junit/jenkinsci+junit-plugin/junit-report-nested-testsuites.xml");
        long expected = parseCount(a) + parseCount(b);

        upload(randomSha()).contentType("application/xml").header("Content-Encoding", "gzip").body(Bodies.gzip(a))
                .post("/api/v1/test-reports").then().statusCode(201).body("tests", equalTo((int) parseCount(a)));

        byte[] zip = Bodies.zip(new TreeMap<>(Map.of("reports/a.xml", a, "reports/nested/b.XML", b, "README.txt",
                "not a report".getBytes())));
        upload(randomSha()).contentType("application/zip").body(zip).post("/api/v1/test-reports").then()
                .statusCode(201).body("tests", equalTo((int) expected));
        upload(randomSha()).contentType("application/zip").header("Content-Encoding", "gzip").body(Bodies.gzip(zip))
                .post("/api/v1/test-reports").then().statusCode(201).body("tests", equalTo((int) expected));

        upload(randomSha()).contentType("application/xml").header("Content-Encoding", "gzip").body(a)
                .post("/api/v1/test-reports").then().statusCode(400).body("error", equalTo("bad_gzip"));
    }

    @Test
    void zipWithABrokenEntryStoresNothing() throws IOException {
        long reports = sql.count("select count(*) from test_report");
        byte[] zip = Bodies
                .zip(new TreeMap<>(Map.of("good.xml", Corpus.bytes("junit/jstemmer+go-junit-report/001-report.xml"),
                        "bad.xml", "<testsuite><testcase name=\"x\"></testsuite>".getBytes())));
        upload(randomSha()).contentType("application/zip").body(zip).post("/api/v1/test-reports").then()
                .statusCode(400).body("detail", containsString("bad.xml"));
        assertEquals(reports, sql.count("select count(*) from test_report"));
    }

    @Test
    void jsonLinesKeepExtraKeysAndIdentities() {
        String sha = randomSha();
        String body = """
                {"file": "test_ops.py", "classname": "TestOps", "name": "test_add", "status": "passed", "duration_s": 1.5, "shard": 2}
                {"file": "test_ops.py", "classname": "TestOps", "name": "test_mul", "status": "failed", "duration_s": 0.25, "message": "boom", "rerun_count": 2}

                {"file": "test_nn.py", "classname": "TestNN", "name": "test_conv", "status": "skipped"}
                """;
        int reportId = upload(sha).contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/test-reports")
                .then().statusCode(201).body("tests", equalTo(3)).body("passed", equalTo(1))
                .body("failed", equalTo(1)).body("skipped", equalTo(1)).extract().path("reportId");
        List<Map<String, Object>> rows = sql.rows("""
                select ti.file, ti.classname, ti.name, tr.status, tr.duration_s, tr.rerun_count, tr.message,
                       tr.extra->>'shard' as shard
                from test_result tr join test_identity ti on ti.id = tr.test_id
                where tr.report_id = ? order by tr.ordinal""", (long) reportId);
        assertEquals(3, rows.size());
        assertEquals("test_ops.py", rows.get(0).get("file"));
        assertEquals(1.5, rows.get(0).get("duration_s"));
        assertEquals("2", rows.get(0).get("shard"));
        assertEquals(1, ((Number) rows.get(1).get("status")).intValue());
        assertEquals(2, ((Number) rows.get(1).get("rerun_count")).intValue());
        assertEquals("boom", rows.get(1).get("message"));
        assertNull(rows.get(2).get("duration_s"));

        upload(randomSha()).contentType("application/x-ndjson")
                .body("{\"name\": \"a\", \"status\": \"passed\"}\n{oops".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/test-reports").then().statusCode(400).body("detail", containsString("line 2"));
    }

    @Test
    void reportMakesItsCommitAppearOnTheBranch() {
        String sha = randomSha();
        upload(sha).contentType("application/xml").body("<testsuite><testcase name=\"t\"/></testsuite>")
                .post("/api/v1/test-reports").then().statusCode(201);
        assertEquals(1, sql.count("select count(*) from branch_commit bc join repository r on r.id = bc.repo_id"
                + " where r.full_name = 'corpus/junit' and bc.branch = 'main' and bc.sha = ?", sha));
    }

    @Test
    void sameTestInManyReportsHasOneIdentity() {
        String xml = "<testsuite name=\"s\"><testcase classname=\"C\" name=\"shared_identity\"/></testsuite>";
        for (int i = 0; i < 3; i++) {
            upload(randomSha()).contentType("application/xml").body(xml).post("/api/v1/test-reports").then()
                    .statusCode(201);
        }
        assertEquals(1, sql.count("select count(*) from test_identity where name = 'shared_identity'"));
        assertEquals(3, sql.count("select count(*) from test_result tr join test_identity ti on ti.id = tr.test_id"
                + " where ti.name = 'shared_identity'"));
    }

    private static long parseCount(byte[] xml) {
        try {
            return new JunitXmlParser().parse(new java.io.ByteArrayInputStream(xml), testCase -> {
            }).tests();
        } catch (ReportParseException | IOException e) {
            throw new AssertionError(e);
        }
    }
}
