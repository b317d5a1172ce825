package dev.greenboard.ingest.github;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Webhooks;

/**
 * Every kind of webhook input that was once answered with a 500 (issue 11, item 4), with the answer it gets now: kept
 * and normalized with NUL removed or U+FFFD for a lone surrogate, kept raw with the field named, or refused with a 400
 * that says what and where and stores nothing.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class WebhookInputTest {

    private static final AtomicLong IDS = new AtomicLong(8_100_000_000L + System.nanoTime() % 1_000_000 * 100);

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    long jobId;
    String delivery;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        jobId = IDS.incrementAndGet();
        delivery = UUID.randomUUID().toString();
    }

    /** A workflow_job delivery as GitHub sends it, with {@code name} and {@code headBranch} as raw JSON text. */
    private String job(String nameJson, String headBranchJson, String completedAtJson) {
        return """
                {"action": "completed",
                 "workflow_job": {"id": %d, "run_id": 5, "run_attempt": 1, "name": %s, "workflow_name": "ci",
                   "head_sha": "%s", "head_branch": %s, "status": "completed", "conclusion": "success",
                   "created_at": "2026-11-29T10:00:00Z", "started_at": "2026-11-29T10:01:00Z",
                   "completed_at": %s, "labels": ["ubuntu-latest"]},
                 "repository": {"id": 77001, "full_name": "octo/inputs", "default_branch": "main"}}
                """.formatted(jobId, nameJson, "a".repeat(40), headBranchJson, completedAtJson);
    }

    private String job(String nameJson) {
        return job(nameJson, "\"main\"", "\"2026-11-29T10:05:00Z\"");
    }

    private long storedDeliveries() {
        return sql.count("select count(*) from webhook_delivery_key where delivery_id = ?", delivery);
    }

    private Map<String, Object> storedDelivery() {
        return sql.row("select normalized, normalize_error, body::text as body, raw_body from webhook_delivery"
                + " where delivery_id = ?", delivery);
    }

    @Test
    void nulInAStringIsRemovedAndTheBytesAreKeptExactly() {
        byte[] body = utf8(job("\"build\\u0000 linux\""));
        Webhooks.deliver("workflow_job", delivery, body).statusCode(200).body("normalized", is(true));
        assertEquals("build linux", sql.row("select name from job where id = ?", jobId).get("name"));
        Map<String, Object> stored = storedDelivery();
        assertEquals(true, stored.get("normalized"));
        assertArrayEquals(body, (byte[]) stored.get("raw_body"), "the raw bytes as GitHub signed them");
        assertEquals(-1, ((String) stored.get("body")).indexOf("\\u0000"));
    }

    @Test
    void nulInAFieldNameIsRemovedToo() {
        byte[] body = utf8(job("\"build\"").replace("\"action\"", "\"act\\u0000ion\""));
        Webhooks.deliver("workflow_job", delivery, body).statusCode(200).body("normalized", is(true));
        assertEquals(1, sql.count("select count(*) from webhook_delivery where delivery_id = ?"
                + " and body->>'action' = 'completed'", delivery));
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() {
        byte[] body = utf8(job("\"build \\ud800 x\""));
        Webhooks.deliver("workflow_job", delivery, body).statusCode(200).body("normalized", is(true));
        assertEquals("build \uFFFD x", sql.row("select name from job where id = ?", jobId).get("name"));
        assertArrayEquals(body, (byte[]) storedDelivery().get("raw_body"));
    }

    @Test
    void aSurrogatePairIsKeptAsItIs() {
        byte[] body = utf8(job("\"build \\ud83d\\ude00\""));
        Webhooks.deliver("workflow_job", delivery, body).statusCode(200);
        assertEquals("build \uD83D\uDE00", sql.row("select name from job where id = ?", jobId).get("name"));
        assertNull(storedDelivery().get("raw_body"), "nothing changed, so the text itself is the raw delivery");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() {
        byte[] json = utf8(job("\"bom\""));
        byte[] body = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json);
        Webhooks.deliver("workflow_job", delivery, body).statusCode(200).body("normalized", is(true));
        assertEquals("bom", sql.row("select name from job where id = ?", jobId).get("name"));
        assertArrayEquals(body, (byte[]) storedDelivery().get("raw_body"));
    }

    @Test
    void utf16IsRefusedNamingTheEncodingAndStoresNothing() {
        String json = job("\"utf16\"");
        byte[] withBom = concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, json.getBytes(StandardCharsets.UTF_16LE));
        Webhooks.deliver("workflow_job", delivery, withBom).statusCode(400)
                .body("error", equalTo("unsupported_encoding")).body("detail", containsString("UTF-16LE"));
        Webhooks.deliver("workflow_job", delivery, json.getBytes(StandardCharsets.UTF_16BE)).statusCode(400)
                .body("detail", containsString("UTF-16BE"));
        assertEquals(0, storedDeliveries());
    }

    @Test
    void bytesAfterTheObjectAreRefusedWithTheirPosition() {
        Webhooks.deliver("workflow_job", delivery, utf8(job("\"x\"") + "garbage")).statusCode(400)
                .body("error", equalTo("invalid_json")).body("detail", containsString("line "));
        Webhooks.deliver("workflow_job", delivery, utf8(job("\"x\"") + "{}")).statusCode(400)
                .body("error", equalTo("invalid_json")).body("detail", containsString("column"));
        assertEquals(0, storedDeliveries());
    }

    @Test
    void aTruncatedBodyIsRefusedWithItsPosition() {
        String json = job("\"x\"");
        Webhooks.deliver("workflow_job", delivery, utf8(json.substring(0, json.length() / 2))).statusCode(400)
                .body("detail", allOf(containsString("line"), containsString("column")));
        assertEquals(0, storedDeliveries());
    }

    @Test
    void aMegabyteJobNameIsKeptRawNamingTheField() {
        String name = randomText(new Random(1), 1024 * 1024);
        Webhooks.deliver("workflow_job", delivery, utf8(job("\"" + name + "\""))).statusCode(202)
                .body("normalized", is(false))
                .body("detail", allOf(containsString("workflow_job"), containsString("name"),
                        containsString("1024 bytes")));
        assertEquals(0, sql.count("select count(*) from job where id = ?", jobId));
        assertEquals(1, storedDeliveries());
    }

    @Test
    void aBranchOfThreeThousandCharactersIsKeptRawNamingTheField() {
        String branch = randomText(new Random(2), 3000);
        Webhooks.deliver("workflow_job", delivery, utf8(job("\"b\"", "\"" + branch + "\"",
                "\"2026-11-29T10:05:00Z\""))).statusCode(202).body("detail", containsString("head_branch"));
        assertEquals(1, storedDeliveries());
    }

    @Test
    void aTimeOutsidePostgresqlsRangeIsNoTime() {
        Webhooks.deliver("workflow_job", delivery, utf8(job("\"t\"", "\"main\"", "\"+99999-01-01T00:00:00Z\"")))
                .statusCode(200).body("normalized", is(true));
        assertNull(sql.row("select completed_at from job where id = ?", jobId).get("completed_at"));
    }

    @Test
    void aNumberBeyondJsonbsRangeKeepsTheBytes() {
        byte[] body = utf8(job("\"n\"").replace("\"run_id\": 5", "\"run_id\": 5, \"x\": 1e1000000"));
        Webhooks.deliver("workflow_job", delivery, body).statusCode(200).body("normalized", is(true));
        assertArrayEquals(body, (byte[]) storedDelivery().get("raw_body"));
        assertEquals(1, sql.count("select count(*) from job where id = ?", jobId));
    }

    @Test
    void wrongJsonTypesForKnownFieldsAreKeptRawNamingTheField() {
        Webhooks.deliver("workflow_job", delivery, utf8(job("{\"nested\": true}"))).statusCode(202)
                .body("detail", containsString("name is missing"));
        String shaless = job("\"s\"").replace("\"" + "a".repeat(40) + "\"", "[1, 2]");
        Webhooks.deliver("workflow_job", shaless.getBytes(StandardCharsets.UTF_8)).statusCode(202)
                .body("detail", containsString("head_sha"));
        String idless = job("\"s\"").replace("\"id\": " + jobId, "\"id\": \"" + jobId + "\"");
        Webhooks.deliver("workflow_job", utf8(idless)).statusCode(202).body("detail", containsString("id"));
        String notSha = job("\"s\"").replace("a".repeat(40), "not-a-sha");
        Webhooks.deliver("workflow_job", utf8(notSha)).statusCode(202)
                .body("detail", containsString("not a commit sha"));
    }

    @Test
    void deepNestingIsRefusedWithItsPosition() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Webhooks.deliver("workflow_job", delivery, utf8(job("\"d\"").replace("\"run_id\": 5", "\"x\": " + deep
                + ", \"run_id\": 5"))).statusCode(400).body("error", equalTo("invalid_json"))
                .body("detail", containsString("column"));
        assertEquals(0, storedDeliveries());
    }

    @Test
    void anOutOfRangeRunAttemptOrPullRequestNumberIsNoNumber() {
        String attempt = job("\"r\"").replace("\"run_attempt\": 1", "\"run_attempt\": 99999999999");
        Webhooks.deliver("workflow_job", delivery, utf8(attempt)).statusCode(200);
        assertEquals(1, sql.row("select run_attempt from job where id = ?", jobId).get("run_attempt"));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** Letters, digits and some multi-byte characters: text that does not compress to fit an index entry. */
    static String randomText(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/.éß中";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
