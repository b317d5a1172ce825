package dev.greenboard.ingest.document;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Bodies;

/** {@code POST /api/v1/collections/{name}/documents}. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class DocumentIngestTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String collection;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        collection = "c_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private RequestSpecification post() {
        return given().auth().oauth2("test-token-1").contentType("application/json");
    }

    private String path() {
        return "/api/v1/collections/" + collection + "/documents";
    }

    @Test
    void objectArrayAndJsonLinesAreStored() throws IOException {
        post().body("{\"_id\": \"one\", \"job\": \"build\", \"seconds\": 12}").post(path()).then().statusCode(200)
                .body("collection", equalTo(collection)).body("inserted", equalTo(1)).body("updated", equalTo(0));
        post().body("[{\"_id\": \"two\", \"nested\": {\"a\": [1, 2]}}, {\"x\": true}]").post(path()).then()
                .statusCode(200).body("inserted", equalTo(2));
        post().contentType("application/x-ndjson")
                .body("{\"_id\": 3, \"k\": \"v\"}\n\n{\"k\": \"w\"}\n".getBytes(StandardCharsets.UTF_8))
                .post(path()).then().statusCode(200).body("inserted", equalTo(2));
        assertEquals(5, sql.count("select count(*) from document where collection = ?", collection));
        assertEquals(12, sql.count("select (body->>'seconds')::int from document where collection = ? and id = 'one'",
                collection));
        assertEquals(1, sql.count("select count(*) from document where collection = ? and body @> '{\"nested\":"
                + " {\"a\": [2]}}'", collection));
        // generated ids are written into the body so reads show them
        assertEquals(2, sql.count("select count(*) from document where collection = ? and body->>'_id' = id"
                + " and id not in ('one', 'two', '3')", collection));
    }

    @Test
    void idMakesWritesUpsertsEvenAcrossTimePartitions() {
        post().body("{\"_id\": \"a\", \"v\": 1, \"_event_time\": \"2024-01-15T10:00:00Z\"}").post(path()).then()
                .statusCode(200).body("inserted", equalTo(1));
        post().body("{\"_id\": \"a\", \"v\": 2, \"_event_time\": \"2024-01-15T10:00:00Z\"}").post(path()).then()
                .statusCode(200).body("inserted", equalTo(0)).body("updated", equalTo(1));
        // moved to another month: still one document
        post().body("{\"_id\": \"a\", \"v\": 3, \"_event_time\": \"2026-03-01T00:00:00+02:00\"}").post(path())
                .then().statusCode(200).body("updated", equalTo(1));
        Map<String, Object> row = sql.row("select count(*) as n, max((body->>'v')::int) as v, max(event_time)::text"
                + " as t from document where collection = ? and id = 'a'", collection);
        assertEquals(1L, row.get("n"));
        assertEquals(3, row.get("v"));
        assertEquals("2026-02-28 22:00:00+00", row.get("t"));
        // the same id twice in one request: the last one wins
        post().body("[{\"_id\": \"b\", \"v\": 1}, {\"_id\": \"b\", \"v\": 2}]").post(path()).then().statusCode(200)
                .body("inserted", equalTo(1)).body("updated", equalTo(1));
        assertEquals(2, sql.count("select (body->>'v')::int from document where collection = ? and id = 'b'",
                collection));
    }

    @Test
    void badInputIsRefusedWithPositionAndStoresNothing() {
        post().body("{\"a\": 1,\n \"b\": }").post(path()).then().statusCode(400)
                .body("error", equalTo("invalid_json")).body("detail", containsString("line 2"));
        post().body("[{\"a\": 1}, 42]").post(path()).then().statusCode(400)
                .body("detail", containsString("document 2 is not a JSON object"));
        post().body("{\"_event_time\": \"yesterday\"}").post(path()).then().statusCode(400)
                .body("detail", containsString("_event_time"));
        post().body("").post(path()).then().statusCode(400).body("error", equalTo("empty_body"));
        post().body("{}").post("/api/v1/collections/bad name!/documents").then().statusCode(400)
                .body("error", equalTo("bad_collection"));
        given().contentType("application/json").body("{}").post(path()).then().statusCode(401);
        assertEquals(0, sql.count("select count(*) from document where collection = ?", collection));
    }

    @Test
    void gzipBodiesAreAccepted() throws IOException {
        byte[] body = Bodies.gzip("{\"_id\": \"z\", \"ok\": true}".getBytes());
        post().header("Content-Encoding", "gzip").body(body).post(path()).then().statusCode(200)
                .body("inserted", equalTo(1));
    }
}
