package dev.greenboard.api.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/** A documents filter with NUL ({@code \\u0000} in JSON) anywhere is BAD_USER_INPUT saying where, never "System error". */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class DocumentFilterInputTest {

    private static final String QUERY = """
            query($where: String) {
              documents(collection: "nul_filter", where: $where) { edges { node { id } } }
            }""";

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\": \"fail\\u0000ure\"}", "{\"status\": {\"$in\": [\"a\", \"\\u0000\"]}}",
            "{\"$or\": [{\"a\": 1}, {\"b\": {\"$ne\": \"x\\u0000\"}}]}", "{\"a\\u0000b\": 1}"})
    void nulInTheFilterIsBadUserInputNamingWhere(String where) {
        JsonPath response = GraphQL.raw(QUERY, "where", where);
        assertEquals("BAD_USER_INPUT", response.getString("errors[0].extensions.code"), response.prettify());
        assertTrue(response.getString("errors[0].message").contains("\\u0000 at /"), response.prettify());
    }

    @Test
    void anEscapedBackslashIsNoNul() {
        GraphQL.data(QUERY, "where", "{\"path\": \"C:\\\\u0000\"}");
    }
}
