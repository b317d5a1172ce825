package dev.greenboard.api.graphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.api.namedquery.NamedQueryCatalog;
import dev.greenboard.api.namedquery.SleepingQuery;
import dev.greenboard.api.read.JdbcReads;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * Every query is priced before it runs and refused over its caller's limit with what to change; a query that runs
 * past its time budget is stopped, its statements cancelled; reads on both pools carry a statement timeout.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class QueryLimitsTest {

    private static final String TOKEN = "test-token-1";
    private static final String TWO_LARGE_HUDS = """
            {
              a: hud(repo: "limits/none", first: 200) { jobNames }
              b: hud(repo: "limits/other", first: 200) { jobNames }
              repositories(first: 100) { edges { node { fullName } } }
            }""";

    @Inject
    NamedQueryCatalog catalog;

    @Inject
    ReadSql readSql;

    @Inject
    JdbcReads jdbcReads;

    @Inject
    AgroalDataSource dataSource;

    private static JsonPath post(String query, String token) {
        var request = given().contentType("application/json").body(Map.of("query", query));
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return request.post("/graphql").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aQueryOverItsCostIsRefusedBeforeItRunsWithWhatToChange() {
        JsonPath refused = post(TWO_LARGE_HUDS, null);
        assertNull(refused.get("data"));
        assertEquals("QUERY_TOO_EXPENSIVE", refused.getString("errors[0].extensions.code"));
        assertEquals(2130, refused.getInt("errors[0].extensions.cost"));
        assertEquals(2000, refused.getInt("errors[0].extensions.maxCost"));
        String message = refused.getString("errors[0].message");
        assertTrue(message.startsWith("This query costs 2,130, over the limit of 2,000 for a request without a token;"
                + " it is refused before it runs. Most of it: hud ×2: 2,020, repositories: 110."), message);
        assertTrue(message.contains("Ask for smaller pages ('first') or fewer fields, or split the query into several"
                + " requests, or send an ingest token (Authorization: Bearer <token>), which raises the limit to"
                + " 20,000."), message);
        // With a token it runs: the repositories do not exist, which only a query that ran can tell.
        JsonPath ran = post(TWO_LARGE_HUDS, TOKEN);
        assertEquals("NOT_FOUND", ran.getString("errors[0].extensions.code"));
        // Half the pages, and it runs anonymously too.
        JsonPath smaller = post(TWO_LARGE_HUDS.replace("200", "100"), null);
        assertEquals("NOT_FOUND", smaller.getString("errors[0].extensions.code"));
    }

    @Test
    void moreNamedQueriesThanAllowedAreRefusedEvenWithAToken() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 6; i++) {
            query.append(" q").append(i)
                    .append(": runNamedQuery(name: \"slowest_tests\", params: \"{}\") { rowCount }");
        }
        JsonPath refused = post(query.append(" }").toString(), TOKEN);
        assertEquals("QUERY_TOO_EXPENSIVE", refused.getString("errors[0].extensions.code"));
        assertEquals("This query runs 6 named queries (runNamedQuery fields); at most 5 run in one request. Send the"
                + " others in further requests.", refused.getString("errors[0].message"));
    }

    @Test
    void fragmentsAreCountedWhereverTheyAreSpread() {
        // Within the depth limit, each level spreads the next twice under two aliases: 2^14 fields from 1 KB of text.
        // graphql-java's complexity count visits each fragment once and let it run.
        StringBuilder query = new StringBuilder("{ __type(name: \"Query\") { ...T1 } }\n");
        for (int i = 1; i < 14; i++) {
            query.append("fragment T").append(i).append(" on __Type { a: ofType { ...T").append(i + 1)
                    .append(" } b: ofType { ...T").append(i + 1).append(" } }\n");
        }
        query.append("fragment T14 on __Type { a: name b: kind }");
        JsonPath refused = post(query.toString(), TOKEN);
        assertNull(refused.get("data"));
        assertEquals("QUERY_TOO_EXPENSIVE", refused.getString("errors[0].extensions.code"));
        assertTrue(refused.getString("errors[0].message").startsWith("This query selects more than 10,000 fields once"
                + " its fragments are spread out"), refused.getString("errors[0].message"));
    }

    @Test
    void aQueryPastItsTimeBudgetAnswersWhatFinishedAndCancelsTheRest() throws Exception {
        try (SleepingQuery sleeping = new SleepingQuery(catalog)) {
            JsonPath answer = GraphQL.raw("""
                    query($name: String!) {
                      repositories(first: 1) { pageInfo { hasNextPage } }
                      slow: runNamedQuery(name: $name, params: "{\\"seconds\\": 40}") { rowCount }
                    }""", "name", sleeping.name());
            assertEquals("TIME_BUDGET_EXCEEDED", answer.getString("errors[0].extensions.code"));
            assertEquals("The query ran past its time budget of 10 s and 'runNamedQuery' was stopped before it"
                    + " finished; ask for less (smaller pages, fewer fields, a narrower filter or time window), or send"
                    + " an ingest token (Authorization: Bearer <token>), which allows 60 s",
                    answer.getString("errors[0].message"));
            assertEquals(List.of("slow"), answer.getList("errors[0].path"));
            assertNull(answer.get("data.slow"));
            assertTrue(answer.getMap("data.repositories") != null, "what finished in time is answered");
            // PostgreSQL was asked to cancel the statement: it does not sleep on for half a minute.
            long giveUp = System.nanoTime() + 5_000_000_000L;
            int stillRunning;
            do {
                Thread.sleep(100);
                stillRunning = sleepingStatements();
            } while (stillRunning > 0 && System.nanoTime() < giveUp);
            assertEquals(0, stillRunning, "the named query's statement still runs in PostgreSQL");
        }
    }

    private int sleepingStatements() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from pg_stat_activity where state = 'active'"
                        + " and pid <> pg_backend_pid() and query like '%" + SleepingQuery.MARK + "%'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void readsOnBothPoolsCarryAStatementTimeout() throws SQLException {
        assertEquals("15s", readSql.pool().query("show statement_timeout").execute().await().indefinitely()
                .iterator().next().getString(0));
        String repo = "limits/r" + UUID.randomUUID().toString().substring(0, 8);
        new HistoryBuilder(repo, "main").push(Instant.parse("2026-11-03T10:00:00Z"),
                List.of(HistoryBuilder.sha("limits")), "alice");
        assertEquals("15s", jdbcReads.ofRepository(repo, (connection, repoId) -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("show statement_timeout")) {
                rows.next();
                return rows.getString(1);
            }
        }));
        // Only for the read's transaction: the JDBC pool also serves ingest and the rollups.
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("show statement_timeout")) {
            rows.next();
            assertEquals("0", rows.getString(1));
        }
    }
}
