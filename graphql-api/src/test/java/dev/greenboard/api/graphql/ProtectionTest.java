package dev.greenboard.api.graphql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/** What keeps an anonymous query from hurting the service, and GraphQL over HTTP as the spec describes it. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ProtectionTest {

    @Test
    void tooDeepQueriesAreRefused() {
        // The schema has no cycles, but introspection does: the classic way to build an arbitrarily deep query.
        given().contentType("application/json").body(Map.of("query", introspection(20))).post("/graphql").then()
                .statusCode(200).body("data", nullValue()).body("errors[0].message", containsString("depth"));
        // The deepest the schema itself allows, and the depth GraphiQL's own introspection needs, still pass.
        given().contentType("application/json").body(Map.of("query", introspection(11))).post("/graphql").then()
                .statusCode(200).body("errors", nullValue());
        given().contentType("application/json").body(Map.of("query", """
                { commits(repo: "x/y") { edges { node { jobs { testReports { results { test { name } } } } } } } }"""))
                .post("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("NOT_FOUND"));
    }

    /** {@code __schema { types { fields { type { ofType { ... name } } } } } } nested to {@code depth} levels. */
    private static String introspection(int depth) {
        String inner = "name";
        for (int i = 0; i < depth - 4; i++) {
            inner = "ofType { " + inner + " }";
        }
        return "{ __schema { types { fields { type { " + inner + " } } } } }";
    }

    @Test
    void tooComplexQueriesAreRefused() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 120; i++) {
            query.append(" r").append(i).append(": repositories { edges { node { id fullName owner name } } }");
        }
        query.append(" }");
        given().contentType("application/json").body(Map.of("query", query.toString())).post("/graphql").then()
                .body("errors[0].message", containsString("complexity"));
    }

    @Test
    void getWorksForQueriesAndNegotiatesTheResponseType() {
        given().queryParam("query", "{ repositories(first: 1) { pageInfo { hasNextPage } } }").get("/graphql").then()
                .statusCode(200).body("errors", nullValue()).body("data.repositories", notNullValue());
        given().accept("application/graphql-response+json").contentType("application/json")
                .body(Map.of("query", "{ repositories(first: 1) { pageInfo { hasNextPage } } }"))
                .post("/graphql").then().statusCode(200)
                .contentType(startsWith("application/graphql-response+json"));
        given().accept("application/json").contentType("application/json")
                .body(Map.of("query", "{ repositories(first: 1) { pageInfo { hasNextPage } } }"))
                .post("/graphql").then().statusCode(200).contentType(startsWith("application/json"));
    }

    @Test
    void malformedAndInvalidQueriesAreRefusedBeforeTheyRun() {
        given().contentType("application/json").body(Map.of("query", "{ repositories { edges { node { fullName }"))
                .post("/graphql").then().statusCode(200).body("data", nullValue())
                .body("errors[0].message",
                        containsString("Invalid GraphQL syntax at line 1, column 43: offending token '<EOF>'"))
                .body("errors[0].message", containsString("<EOF>"))
                .body("errors[0].locations[0].line", org.hamcrest.Matchers.equalTo(1))
                .body("errors[0].locations[0].column", org.hamcrest.Matchers.equalTo(43))
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("GRAPHQL_PARSE_FAILED"));
        // GraphQL over HTTP: with its own media type, a document that does not parse is a 400.
        given().accept("application/graphql-response+json").contentType("application/json")
                .body(Map.of("query", "{\n  repositories(first: 1) {\n    edges { node { fullName } }\n  }}}"))
                .post("/graphql").then().statusCode(400)
                .contentType(startsWith("application/graphql-response+json"))
                .body("errors[0].locations[0].line", org.hamcrest.Matchers.equalTo(4))
                .body("errors[0].locations[0].column", org.hamcrest.Matchers.equalTo(5));
        given().queryParam("query", "{ repositories(first: ) { pageInfo { hasNextPage } } }").get("/graphql").then()
                .body("errors[0].message", containsString("line 1, column 23"));
        // Past the token limit the parser stops, and says so.
        given().contentType("application/json").body(Map.of("query", "{ " + "repositories { pageInfo { hasNextPage } } "
                .repeat(800) + "}"))
                .post("/graphql").then().body("data", nullValue())
                .body("errors[0].message", containsString("More than 5,000 'grammar' tokens"));
        given().contentType("application/json").body(Map.of("query", "{ repositories { edges { node { nope } } } }"))
                .post("/graphql").then().body("data", nullValue())
                .body("errors[0].message", containsString("'nope' in type 'Repository' is undefined"))
                .body("errors[0].locations[0].line", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void mutationsAreNotRunOverGet() {
        // A GET is what any web page can make a browser send: the mutations (disabled tests) refuse it.
        given().queryParam("query", "mutation { enableTest(repo: \"a/b\", test: \"t (__main__.C)\") { active } }")
                .get("/graphql").then().body("data.enableTest", nullValue())
                .body("errors[0].message", containsString("only accepted in a POST"));
    }

    @Test
    void graphiqlIsServedFromTheJar() {
        given().get("/graphiql/").then().statusCode(200).body(containsString("graphiql"));
    }
}
