package dev.greenboard.api.document;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/** {@code documents(collection, where, first, after)}: the JSON filter language, paging, and hostile input. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class DocumentsQueryTest {

    private static final String QUERY = """
            query($c: String!, $where: String, $first: Int, $after: String) {
              documents(collection: $c, where: $where, first: $first, after: $after) {
                edges { node { id eventTime body } cursor } pageInfo { hasNextPage endCursor }
              }
            }""";

    @Inject
    AgroalDataSource dataSource;

    String collection;

    @BeforeEach
    void writeDocuments() {
        collection = "q_" + UUID.randomUUID().toString().substring(0, 8);
        String lines = String.join("\n",
                "{\"_id\": \"a\", \"_event_time\": \"2026-11-01T00:00:00Z\", \"job\": {\"name\": \"build\"},"
                        + " \"seconds\": 10, \"status\": \"success\", \"runner\": \"r1\"}",
                "{\"_id\": \"b\", \"_event_time\": \"2026-11-02T00:00:00Z\", \"job\": {\"name\": \"test\"},"
                        + " \"seconds\": 75, \"status\": \"failure\"}",
                "{\"_id\": \"c\", \"_event_time\": \"2026-11-03T00:00:00Z\", \"job\": {\"name\": \"test\"},"
                        + " \"seconds\": 30, \"status\": \"cancelled\", \"runner\": \"r2\"}",
                "{\"_id\": \"d\", \"_event_time\": \"2026-11-04T00:00:00Z\", \"job\": {\"name\": \"lint\"},"
                        + " \"seconds\": \"n/a\", \"status\": \"success\"}");
        given().auth().oauth2("test-token-1").contentType("application/x-ndjson")
                .body(lines.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/collections/" + collection + "/documents").then().statusCode(200);
    }

    private List<String> ids(String where) {
        return GraphQL.data(QUERY, "c", collection, "where", where).getList("documents.edges.node.id");
    }

    @Test
    void filtersOnDottedPathsWithOperators() {
        assertEquals(List.of("d", "c", "b", "a"), ids(null));
        assertEquals(List.of("c", "b"), ids("{\"job.name\": \"test\"}"));
        assertEquals(List.of("c", "b"), ids("{\"seconds\": {\"$gte\": 30}}"));
        // "n/a" is a string: it never compares with a number.
        assertEquals(List.of("c", "a"), ids("{\"seconds\": {\"$lt\": 60}}"));
        assertEquals(List.of("c", "b"), ids("{\"status\": {\"$in\": [\"failure\", \"cancelled\"]}}"));
        assertEquals(List.of("d", "a"), ids("{\"status\": {\"$nin\": [\"failure\", \"cancelled\"]}}"));
        assertEquals(List.of("c", "a"), ids("{\"runner\": {\"$exists\": true}}"));
        assertEquals(List.of("d", "b"), ids("{\"runner\": {\"$exists\": false}}"));
        assertEquals(List.of("d", "b"), ids("{\"$or\": [{\"job.name\": \"lint\"}, {\"status\": \"failure\"}]}"));
        assertEquals(List.of("b"), ids("{\"$and\": [{\"job.name\": \"test\"}, {\"seconds\": {\"$gt\": 60}}]}"));
        assertEquals(List.of("d", "b", "a"), ids("{\"status\": {\"$ne\": \"cancelled\"}}"));
    }

    @Test
    void pagesNewestFirst() {
        JsonPath first = GraphQL.data(QUERY, "c", collection, "first", 3);
        assertEquals(List.of("d", "c", "b"), first.getList("documents.edges.node.id"));
        assertTrue(first.getBoolean("documents.pageInfo.hasNextPage"));
        JsonPath second = GraphQL.data(QUERY, "c", collection, "first", 3, "after",
                first.getString("documents.pageInfo.endCursor"));
        assertEquals(List.of("a"), second.getList("documents.edges.node.id"));
        assertFalse(second.getBoolean("documents.pageInfo.hasNextPage"));
        assertTrue(second.getString("documents.edges[0].node.body").contains("\"runner\": \"r1\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"status\": {\"$regex\": \".*\"}}",
            "{\"$where\": \"1=1\"}",
            "{\"status'); drop table document; --\": \"x\"}",
            "{\"a..b\": 1}",
            "not json",
            "[1, 2]",
            "{\"seconds\": {\"$gt\": [1]}}",
            "{\"status\": {\"$in\": \"failure\"}}"})
    void hostileOrWrongFiltersAreClearErrors(String where) {
        JsonPath response = GraphQL.raw(QUERY, "c", collection, "where", where);
        assertEquals("BAD_USER_INPUT", response.getString("errors[0].extensions.code"), response.prettify());
        assertEquals(4, new Sql(dataSource).count("select count(*) from document where collection = ?", collection));
    }

    @Test
    void injectionInValuesIsJustAValue() {
        assertEquals(List.of(), ids("{\"status\": \"x' or '1'='1\"}"));
        assertEquals(List.of(), ids("{\"status\": {\"$in\": [\"') or true; --\"]}}"));
    }
}
