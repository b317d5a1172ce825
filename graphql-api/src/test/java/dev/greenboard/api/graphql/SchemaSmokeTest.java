package dev.greenboard.api.graphql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SchemaSmokeTest {

    @Test
    void schemaHasTheRootFields() {
        given().get("/graphql/schema.graphql").then().statusCode(200)
                .body(containsString("hud(")).body(containsString("testHistory("));
        GraphQL.data("{ repositories(first: 5) { edges { node { fullName } } pageInfo { hasNextPage } } }");
    }
}
