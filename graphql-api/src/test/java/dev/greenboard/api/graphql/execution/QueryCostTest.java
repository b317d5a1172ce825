package dev.greenboard.api.graphql.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.greenboard.api.graphql.QueryLimits.Allowance;

import graphql.execution.CoercedVariables;
import graphql.parser.Parser;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

/** The price list, a query's bill over a schema shaped like the API's, and the refusals that say what to change. */
class QueryCostTest {

    private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
            type Query {
              hud(repo: String!, first: Int): HudPage
              runNamedQuery(name: String!, params: String): NamedQueryResult
              repositories(first: Int, after: String): RepositoryConnection
              commits(repo: String!, first: Int): CommitConnection
              metric(name: String!): MetricSeries
            }
            type HudPage { jobNames: [String!]! }
            type NamedQueryResult { rows: [[String]] rowCount: Int }
            type RepositoryConnection { edges: [RepositoryEdge] }
            type RepositoryEdge { node: Repository }
            type Repository { fullName: String }
            type CommitConnection { edges: [CommitEdge] }
            type CommitEdge { node: Commit }
            type Commit { sha: String jobs: [Job] testReports: [TestReport] }
            type Job { name: String }
            type TestReport { results(first: Int): [String] }
            type MetricSeries { name: String }
            """), RuntimeWiring.MOCKED_WIRING);

    /** The fields that run code: root fields and the batched relations. */
    private static final Set<FieldCoordinates> OPERATIONS = Set.of(
            FieldCoordinates.coordinates("Query", "hud"), FieldCoordinates.coordinates("Query", "runNamedQuery"),
            FieldCoordinates.coordinates("Query", "repositories"), FieldCoordinates.coordinates("Query", "commits"),
            FieldCoordinates.coordinates("Query", "metric"), FieldCoordinates.coordinates("Commit", "jobs"),
            FieldCoordinates.coordinates("Commit", "testReports"),
            FieldCoordinates.coordinates("TestReport", "results"));

    private static final Allowance ANONYMOUS = new Allowance(false, 2_000, Duration.ofSeconds(10), 5, 20_000,
            Duration.ofSeconds(60));
    private static final Allowance TOKEN = new Allowance(true, 20_000, Duration.ofSeconds(60), 5, 20_000,
            Duration.ofSeconds(60));

    private static QueryCost.Bill bill(String query, Map<String, Object> variables) {
        return QueryCost.of(SCHEMA, Parser.parse(query), null, CoercedVariables.of(variables), OPERATIONS);
    }

    private static QueryCost.Bill bill(String query) {
        return bill(query, Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "{ repositories { edges { node { fullName } } } }; 60", // 10 + the default page of 50
            "{ repositories(first: 100) { edges { node { fullName } } } }; 110",
            "{ hud(repo: \"o/r\") { jobNames } }; 260", // 10 + 5 × 50 commits
            "{ hud(repo: \"o/r\", first: 200) { jobNames } }; 1010",
            "{ hud(repo: \"o/r\", first: 9999) { jobNames } }; 2510", // refused by the field; priced as 500
            "{ metric(name: \"tts\") { name } }; 100",
            "{ runNamedQuery(name: \"q\") { rowCount } }; 300",
            // relations are batched: one statement a level whatever the number of parents
            "{ commits(repo: \"o/r\", first: 50) { edges { node { jobs { name } testReports { results { __typename } } } } } }; 190",
            "{ __typename }; 0"})
    void pricesFieldsThatReadTheDatabase(String query, long cost) {
        assertEquals(cost, bill(query).total());
    }

    @Test
    void variablesAndDefaultsArePriced() {
        String query = "query($n: Int) { hud(repo: \"o/r\", first: $n) { jobNames } }";
        assertEquals(10 + 5 * 20, bill(query, Map.of("n", 20)).total());
        assertEquals(10 + 5 * 50, bill(query, Map.of()).total());
    }

    @Test
    void aliasedNamedQueriesAreCountedAndPriced() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 150; i++) {
            query.append(" q").append(i).append(": runNamedQuery(name: \"slowest_tests\") { rowCount }");
        }
        QueryCost.Bill bill = bill(query.append(" }").toString());
        assertEquals(150, bill.namedQueries());
        assertEquals(45_000, bill.total());
        assertEquals("runNamedQuery ×150: 45,000", bill.mostExpensive(3));
        // The count is what refuses it first, with the number to get under.
        assertEquals("This query runs 150 named queries (runNamedQuery fields); at most 5 run in one request. Send the"
                + " others in further requests.", QueryLimitsInstrumentation.refusal(bill, ANONYMOUS));
        assertEquals(QueryLimitsInstrumentation.refusal(bill, ANONYMOUS),
                QueryLimitsInstrumentation.refusal(bill, TOKEN));
    }

    @Test
    void anExpensiveQuerySaysWhatCostsMostAndWhatToChange() {
        QueryCost.Bill bill = bill("""
                { a: hud(repo: "o/r", first: 200) { jobNames } b: hud(repo: "p/q", first: 200) { jobNames }
                  repositories(first: 100) { edges { node { fullName } } } }""");
        assertEquals(2 * 1010 + 110, bill.total());
        String refusal = QueryLimitsInstrumentation.refusal(bill, ANONYMOUS);
        assertTrue(refusal.startsWith("This query costs 2,130, over the limit of 2,000 for a request without a"
                + " token; it is refused before it runs. Most of it: hud ×2: 2,020, repositories: 110. Prices: each"
                + " field that reads the database costs 10, plus 1 per item of 'first'"), refusal);
        assertTrue(refusal.endsWith("Ask for smaller pages ('first') or fewer fields, or split the query into"
                + " several requests, or send an ingest token (Authorization: Bearer <token>), which raises the limit"
                + " to 20,000."), refusal);
        assertNull(QueryLimitsInstrumentation.refusal(bill, TOKEN));
    }

    @Test
    void theWebUisLargestQueriesFitTheAnonymousLimit() {
        // hud.js: the HUD page of 200 commits with the repository picker; flaky.js: every unhealthy test.
        assertNull(QueryLimitsInstrumentation.refusal(bill("""
                { repositories(first: 100) { edges { node { fullName } } }
                  hud(repo: "o/r", first: 200) { jobNames } }"""), ANONYMOUS));
        assertNull(QueryLimitsInstrumentation.refusal(bill("""
                { a: metric(name: "broken_rate") { name } b: metric(name: "flaky_rate") { name }
                  c: metric(name: "commits") { name } }"""), ANONYMOUS));
    }

    @Test
    void fragmentsThatMultiplyAreStoppedWhileCounting() {
        // Each fragment spreads the next one twice: 2^30 fields from a few hundred characters.
        StringBuilder query = new StringBuilder("{ ...F0 }\n");
        for (int i = 0; i < 30; i++) {
            query.append("fragment F").append(i).append(" on Query { ...F").append(i + 1).append(" ...F").append(i + 1)
                    .append(" }\n");
        }
        query.append("fragment F30 on Query { repositories { edges { node { fullName } } } }");
        QueryCost.Bill bill = bill(query.toString());
        assertTrue(bill.tooManyFields());
        assertTrue(QueryLimitsInstrumentation.refusal(bill, TOKEN).startsWith(
                "This query selects more than 10,000 fields once its fragments are spread out"));
        assertFalse(bill("{ repositories { edges { node { fullName } } } }").tooManyFields());
        // Introspection is free but counts: GraphiQL's introspection selects a few hundred fields.
        StringBuilder introspection = new StringBuilder("{ __schema { types { ...T1 } } }\n");
        for (int i = 1; i < 16; i++) {
            introspection.append("fragment T").append(i).append(" on __Type { a: ofType { ...T").append(i + 1)
                    .append(" } b: ofType { ...T").append(i + 1).append(" } }\n");
        }
        introspection.append("fragment T16 on __Type { name }");
        QueryCost.Bill spread = bill(introspection.toString());
        assertTrue(spread.tooManyFields());
        assertEquals(0, spread.total());
    }

    @Test
    void aFragmentCountsWhereverItIsSpread() {
        // graphql-java's QueryTraverser visits J once and would price this as one commits with relations.
        QueryCost.Bill bill = bill("""
                { a: commits(repo: "o/r", first: 10) { ...J } b: commits(repo: "o/r", first: 10) { ...J } }
                fragment J on CommitConnection { edges { node { jobs { name } } } }""");
        assertEquals(2 * (10 + 10) + 2 * 10, bill.total());
        assertEquals(2, bill.countByField().get("Commit.jobs"));
        // @skip and @include take their variables.
        String conditional = "query($s: Boolean!) { repositories { edges { node { fullName } } }"
                + " hud(repo: \"o/r\") @skip(if: $s) { jobNames } }";
        assertEquals(60, bill(conditional, Map.of("s", true)).total());
        assertEquals(60 + 260, bill(conditional, Map.of("s", false)).total());
    }
}
