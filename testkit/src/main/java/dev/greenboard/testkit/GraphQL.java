package dev.greenboard.testkit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** Runs GraphQL queries over HTTP as a tool would, and checks that {@code errors} is absent. */
public final class GraphQL {

    private GraphQL() {
    }

    /** The {@code data} of a query that must succeed. */
    public static JsonPath data(String query, Object... variables) {
        JsonPath response = raw(query, variables);
        assertNull(response.get("errors"), () -> "GraphQL errors: " + response.prettify());
        return response.setRootPath("data");
    }

    /** The whole response, errors included. */
    public static JsonPath raw(String query, Object... variables) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            vars.put((String) variables[i], variables[i + 1]);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", vars);
        return given().contentType("application/json").body(body).post("/graphql").then().extract().jsonPath();
    }
}
