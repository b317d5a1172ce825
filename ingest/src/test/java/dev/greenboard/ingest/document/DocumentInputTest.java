package dev.greenboard.ingest.document;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * Document inputs that were once answered with a 500 (issue 11, item 4): stored with NUL removed or U+FFFD for a lone
 * surrogate, or refused with a 400 naming the document, the field and the line, storing nothing.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class DocumentInputTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String collection;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        collection = "in_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ValidatableResponse post(byte[] body) {
        return given().auth().oauth2("test-token-1").contentType("application/json").body(body)
                .post("/api/v1/collections/" + collection + "/documents").then();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private long documents() {
        return sql.count("select count(*) from document where collection = ?", collection);
    }

    private String bodyOf(String id) {
        return (String) sql.row("select body::text as b from document where collection = ? and id = ?", collection,
                id).get("b");
    }

    @Test
    void nulIsRemovedFromValuesKeysAndIds() {
        post(utf8("{\"_id\": \"a\\u0000b\", \"v\": \"x\\u0000y\", \"k\\u0000\": 1}")).statusCode(200)
                .body("inserted", equalTo(1));
        assertEquals("{\"k\": 1, \"v\": \"xy\", \"_id\": \"ab\"}", bodyOf("ab"));
    }

    @Test
    void anEscapedBackslashBeforeU0000IsText() {
        // The JSON text "a\\u0000b" is the six characters a\u0000b, no NUL: kept as it is.
        post(utf8("{\"_id\": \"t\", \"v\": \"a\\\\u0000b\"}")).statusCode(200);
        assertEquals("a\\u0000b", sql.row("select body->>'v' as v from document where collection = ? and id = 't'",
                collection).get("v"));
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() {
        post(utf8("{\"_id\": \"s\", \"v\": \"\\ud800!\"}")).statusCode(200);
        assertEquals("\uFFFD!", sql.row("select body->>'v' as v from document where collection = ? and id = 's'",
                collection).get("v"));
    }

    @Test
    void aByteOrderMarkIsSkippedAndUtf16IsDecoded() {
        post(concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{\"_id\": \"bom\"}"))).statusCode(200);
        post(concat(new byte[]{(byte) 0xFF, (byte) 0xFE},
                "{\"_id\": \"u16\", \"v\": \"\u00e9\"}".getBytes(StandardCharsets.UTF_16LE))).statusCode(200);
        assertEquals(2, documents());
        assertEquals("\u00e9", sql.row("select body->>'v' as v from document where collection = ? and id = 'u16'",
                collection).get("v"));
    }

    @Test
    void bytesAfterTheObjectAreRefusedWithTheirPosition() {
        post(utf8("{\"_id\": \"x\"} trailing")).statusCode(400).body("error", equalTo("invalid_json"))
                .body("detail", allOf(containsString("line 1"), containsString("column")));
        post(utf8("[{\"_id\": \"x\"}] {}")).statusCode(400).body("detail", containsString("after the closing"));
        assertEquals(0, documents());
    }

    @Test
    void anEventTimeOutsideTheYearsOneToNineThousandIsRefusedNamingTheField() {
        post(utf8("{\"_id\": \"ok\"}\n{\"_id\": \"far\", \"_event_time\": \"+99999-01-01T00:00:00Z\"}"))
                .statusCode(400).body("error", equalTo("invalid_document"))
                .body("detail", allOf(containsString("document 2"), containsString("_event_time"),
                        containsString("line 2")));
        assertEquals(0, documents(), "the valid first document is not stored either");
    }

    @Test
    void aNumberBeyondADoubleIsRefusedNamingWhere() {
        post(utf8("{\"_id\": \"n\", \"a\": {\"b\": [1, 1e1000000]}}")).statusCode(400)
                .body("detail", containsString("/a/b/1"));
        assertEquals(0, documents());
    }

    @Test
    void theLongestIdInThreeByteCharactersStillFitsItsIndex() {
        // 512 characters of 3 bytes each (a 4-byte character counts as two) and the collection fit an index entry.
        String id = "\u4e2d".repeat(512);
        post(utf8("{\"_id\": \"" + id + "\"}")).statusCode(200);
        assertEquals(1, documents());
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
