package dev.greenboard.graphql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.app.DatabaseTestResource;
import dev.greenboard.testing.GraphQL;

@QuarkusTest
@QuarkusTestResource(DatabaseTestResource.class)
class SchemaSmokeTest {

    @Test
    void schemaHasTheRootFields() {
        given().get("/graphql/schema.graphql").then().statusCode(200)
                .body(containsString("hud(")).body(containsString("testHistory("));
        GraphQL.data("{ repositories(first: 5) { edges { node { fullName } } pageInfo { hasNextPage } } }");
    }
}
