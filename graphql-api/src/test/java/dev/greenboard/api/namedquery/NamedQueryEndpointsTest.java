package dev.greenboard.api.namedquery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/**
 * Listing, errors and bounds of named queries, and user queries written into the configured directory while the
 * application runs. Every user query gets a name of its own and is removed afterwards, so tests do not depend on
 * each other's files.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class NamedQueryEndpointsTest {

    private static final List<String> SHIPPED = List.of("job_failures_over_time", "most_failing_tests",
            "queue_time_per_runner_label", "red_commits_per_day", "slowest_tests", "tts_percentiles_per_job");

    @Inject
    NamedQueryCatalog catalog;

    @Inject
    NamedQueryConfig config;

    @Inject
    AgroalDataSource dataSource;

    /** A user query directory that is deleted when closed. */
    private final class UserQuery implements AutoCloseable {

        final String name;
        final Path dir;

        UserQuery(String name, String sql, String params) {
            this.name = name;
            this.dir = catalog.userDirectory().resolve(name);
            try {
                Files.createDirectories(dir);
                if (params != null) {
                    Files.writeString(dir.resolve("params.json"), params);
                }
                Files.writeString(dir.resolve("query.sql"), sql);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void rewrite(String sql) throws IOException {
            Files.writeString(dir.resolve("query.sql"), sql);
        }

        @Override
        public void close() throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonPath run(String name, Object... params) {
        var request = given();
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam((String) params[i], params[i + 1]);
        }
        return request.get("/api/v1/queries/" + name).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath refused(int status, String name, Object... params) {
        var request = given();
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam((String) params[i], params[i + 1]);
        }
        return request.get("/api/v1/queries/" + name).then().statusCode(status).contentType("application/json")
                .body("error", equalTo(status == 404 ? "not_found" : "bad_input")).extract().jsonPath();
    }

    @Test
    void listsTheShippedQueriesWithTheirParameters() {
        JsonPath list = GraphQL.data("""
                { namedQueries { name description source params { name type required default description } } }""");
        List<String> names = list.getList("namedQueries.name");
        assertTrue(names.containsAll(SHIPPED), names::toString);
        int red = names.indexOf("red_commits_per_day");
        assertEquals("shipped", list.getString("namedQueries[" + red + "].source"));
        assertTrue(list.getString("namedQueries[" + red + "].description").contains("broken"));
        assertEquals(List.of("repo", "branch", "days"), list.getList("namedQueries[" + red + "].params.name"));
        assertEquals(List.of("string", "string", "int"), list.getList("namedQueries[" + red + "].params.type"));
        assertEquals(List.of(true, false, false), list.getList("namedQueries[" + red + "].params.required"));
        assertEquals(Arrays.asList(null, null, "14"),
                list.getList("namedQueries[" + red + "].params.default"));

        JsonPath rest = given().get("/api/v1/queries").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        assertTrue(rest.getList("name").containsAll(SHIPPED));
        Map<String, Object> days = rest.getMap("find { it.name == 'slowest_tests' }.params.find { it.name == 'days' }");
        assertEquals(Map.of("name", "days", "type", "int", "required", false, "default", "14", "description",
                "Results received in the last this many days"), days);
    }

    @Test
    void unknownQueryIsNotFound() {
        JsonPath graphql = GraphQL.raw("{ runNamedQuery(name: \"no_such_query\") { rowCount } }");
        assertEquals("NOT_FOUND", graphql.getString("errors[0].extensions.code"));
        assertTrue(graphql.getString("errors[0].message").contains("'no_such_query'"));
        assertTrue(refused(404, "no_such_query").getString("detail").contains("'no_such_query'"));
        // a name is looked up among the loaded queries, never resolved as a path
        refused(404, "..%2F..%2Fetc");
    }

    @Test
    void parameterErrorsNameTheParameter() {
        JsonPath missing = GraphQL.raw("{ runNamedQuery(name: \"red_commits_per_day\", params: \"{}\") { rowCount } }");
        assertEquals("BAD_USER_INPUT", missing.getString("errors[0].extensions.code"));
        assertEquals("Parameter 'repo' (string) of named query 'red_commits_per_day' is required",
                missing.getString("errors[0].message"));
        assertNull(missing.get("data.runNamedQuery"));

        JsonPath notAnObject = GraphQL.raw("""
                { runNamedQuery(name: "red_commits_per_day", params: "[\\"o/r\\"]") { rowCount } }""");
        assertEquals("BAD_USER_INPUT", notAnObject.getString("errors[0].extensions.code"));
        assertTrue(notAnObject.getString("errors[0].message").startsWith("params must be a JSON object"));

        assertEquals("Parameter 'repo' (string) of named query 'red_commits_per_day' is required",
                refused(400, "red_commits_per_day").getString("detail"));
        assertEquals("Named query 'red_commits_per_day' has no parameter 'dayz'; it takes repo, branch, days",
                refused(400, "red_commits_per_day", "repo", "o/r", "dayz", 3).getString("detail"));
        assertEquals("Parameter 'days' of named query 'red_commits_per_day' must be an int (a whole number), got"
                + " \"abc\"", refused(400, "red_commits_per_day", "repo", "o/r", "days", "abc").getString("detail"));
        assertTrue(refused(400, "red_commits_per_day", "repo", "o/r", "format", "xml").getString("detail")
                .startsWith("format must be json or csv"));
        given().queryParam("repo", "o/r").queryParam("days", 1, 2).get("/api/v1/queries/red_commits_per_day")
                .then().statusCode(400).body("detail", containsString("'days' is given 2 times"));
    }

    @Test
    void userQueryIsReadAtRunTimeAndReReadWhenItChanges() throws IOException {
        String name = unique("shout");
        try (UserQuery query = new UserQuery(name, "select :word || '!' as shout, :n * 2 as twice", """
                {"description": "Says it louder", "params": [
                  {"name": "word", "type": "string", "description": "What to say"},
                  {"name": "n", "type": "int", "default": 21}
                ]}""")) {
            JsonPath result = run(name, "word", "hi");
            assertEquals(List.of("shout", "twice"), result.getList("columns"));
            assertEquals(List.of(List.of("hi!", "42")), result.getList("rows"));

            JsonPath list = GraphQL.data("{ namedQueries { name source description } }");
            int index = list.getList("namedQueries.name").indexOf(name);
            assertEquals("user", list.getString("namedQueries[" + index + "].source"));
            assertEquals("Says it louder", list.getString("namedQueries[" + index + "].description"));

            query.rewrite("select :word || '?!' as asked, :n as n");
            assertEquals(List.of(List.of("hi?!", "21")), run(name, "word", "hi").getList("rows"));
        }
        refused(404, name, "word", "hi");
    }

    @Test
    void userQueryOverridesAShippedOneOfTheSameName() throws IOException {
        try (UserQuery query = new UserQuery("slowest_tests", "select 'mine' as whose, :repo as repo, :days as days,"
                + " :limit as lim", """
                        {"params": [{"name": "repo", "type": "string"}, {"name": "days", "type": "int", "default": 1},
                          {"name": "limit", "type": "int", "default": 2}]}""")) {
            assertEquals(List.of(List.of("mine", "o/r", "1", "2")), run("slowest_tests", "repo", "o/r")
                    .getList("rows"));
            assertEquals(List.of("user"), given().get("/api/v1/queries").jsonPath()
                    .getList("findAll { it.name == 'slowest_tests' }.source"));
        }
        assertEquals(List.of("shipped"), given().get("/api/v1/queries").jsonPath()
                .getList("findAll { it.name == 'slowest_tests' }.source"));
        assertEquals(List.of("file", "classname", "name", "runs", "mean_seconds", "max_seconds"),
                run("slowest_tests", "repo", "o/r").getList("columns"));
    }

    @Test
    void invalidUserQueryIsNotListedAndSaysWhy() throws IOException {
        String name = unique("broken");
        try (UserQuery query = new UserQuery(name, "select :days as d", """
                {"params": [{"name": "days", "type": "integer"}]}""")) {
            assertFalse(given().get("/api/v1/queries").jsonPath().getList("name").contains(name));
            assertTrue(refused(400, name).getString("detail").contains("type 'integer' is not one of string, int"));
        }
    }

    @Test
    void writesAreRefused() throws IOException {
        String collection = unique("nq_keep");
        Sql sql = new Sql(dataSource);
        sql.execute("insert into document_collection (name) values (?)", collection);
        String params = """
                {"params": [{"name": "collection", "type": "string"}]}""";
        try (UserQuery delete = new UserQuery(unique("delete"), "delete from document_collection where name ="
                + " :collection", params);
                UserQuery cte = new UserQuery(unique("cte_delete"), "with gone as (delete from document_collection"
                        + " where name = :collection returning name) select name from gone", params);
                UserQuery sequence = new UserQuery(unique("sequence"), "select nextval(pg_get_serial_sequence("
                        + "'repository', 'id')) as next_id", null)) {
            assertTrue(refused(400, delete.name, "collection", collection).getString("detail")
                    .contains("must be one statement that reads"));
            assertTrue(refused(400, cte.name, "collection", collection).getString("detail")
                    .contains("data-modifying statement"));
            // As the read-only role, nextval() is refused for want of the privilege before the transaction's
            // read-only mode is asked (on a GREENBOARD_TEST_DB_URL server, with one role, the other way round).
            String detail = refused(400, sequence.name).getString("detail");
            assertTrue(detail.equals("Named query '" + sequence.name + "' tried what reading does not need"
                    + " (permission denied for sequence repository_id_seq); named queries run as a database role that"
                    + " may only read")
                    || detail.equals("Named query '" + sequence.name + "' tried to write (cannot execute nextval() in"
                            + " a read-only transaction); named queries run in a read-only transaction"),
                    detail);
            JsonPath graphql = GraphQL.raw("query($name: String!) { runNamedQuery(name: $name) { rowCount } }",
                    "name", sequence.name);
            assertEquals("BAD_USER_INPUT", graphql.getString("errors[0].extensions.code"));
        }
        assertEquals(1, sql.count("select count(*) from document_collection where name = ?", collection));
    }

    @Test
    void settingsAQueryChangesDoNotOutliveIt() throws IOException {
        // set_config is no write, so a read-only transaction allows it; rolling the transaction back undoes it.
        try (UserQuery unset = new UserQuery(unique("unset_path"), "select set_config('search_path', 'pg_catalog',"
                + " false) as search_path", null)) {
            assertEquals(List.of(List.of("pg_catalog")), run(unset.name).getList("rows"));
        }
        for (int i = 0; i < 30; i++) {
            GraphQL.data("{ repositories(first: 1) { edges { node { fullName } } } }");
        }
    }

    @Test
    void aQueryOverItsTimeoutIsCancelled() throws IOException {
        try (UserQuery sleepy = new UserQuery(unique("sleepy"), "select true as slept from pg_sleep(:seconds)", """
                {"timeout": "200ms", "params": [{"name": "seconds", "type": "float", "default": 5}]}""")) {
            long started = System.nanoTime();
            String detail = refused(400, sleepy.name).getString("detail");
            assertEquals("Named query '" + sleepy.name + "' ran longer than its statement timeout of 200 ms and was"
                    + " cancelled; ask for less (a shorter window, a lower limit)", detail);
            assertTrue(System.nanoTime() - started < 4_000_000_000L, "cancelled long before the 5 s sleep ended");
            assertEquals(List.of(List.of("true")), run(sleepy.name, "seconds", 0.01).getList("rows"),
                    "within its timeout it runs, on a connection the cancelled one did not spoil");
        }
    }

    @Test
    void rowsAreLimitedAndTheCutIsReported() throws IOException {
        int max = config.maxRows();
        try (UserQuery series = new UserQuery(unique("series"), "select n from generate_series(1, :n) as n", """
                {"params": [{"name": "n", "type": "int"}]}""")) {
            JsonPath cut = run(series.name, "n", max + 5);
            assertTrue(cut.getBoolean("truncated"));
            assertEquals(max, cut.getInt("rowCount"));
            assertEquals(max, cut.getList("rows").size());
            assertEquals(String.valueOf(max), cut.getString("rows[" + (max - 1) + "][0]"));

            JsonPath whole = run(series.name, "n", max);
            assertFalse(whole.getBoolean("truncated"));
            assertEquals(max, whole.getInt("rowCount"));

            String csv = given().queryParam("n", max + 1).queryParam("format", "csv")
                    .get("/api/v1/queries/" + series.name).then().statusCode(200)
                    .header("Greenboard-Truncated", "true").extract().asString();
            assertEquals(1 + max, csv.split("\r\n").length, "the header line and max rows");
            given().queryParam("n", 2).queryParam("format", "csv").get("/api/v1/queries/" + series.name).then()
                    .statusCode(200).header("Greenboard-Truncated", "false").body(equalTo("n\r\n1\r\n2\r\n"));
        }
    }

    @Test
    void everyExecutionIsTimedInPrometheus() throws IOException {
        String name = unique("timed");
        try (UserQuery timed = new UserQuery(name, "select :x as x", """
                {"params": [{"name": "x", "type": "int"}]}""")) {
            run(name, "x", 1);
            run(name, "x", 2);
            refused(400, name, "x", "not a number");
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(2, count(metrics, name, "success"), metrics);
        assertEquals(1, count(metrics, name, "bad_input"), metrics);
        assertTrue(metrics.contains("greenboard_named_query_seconds_sum{name=\"" + name + "\",outcome=\"success\"}"));
        assertFalse(metrics.contains("no_such_query"), "unknown names are not timed");
    }

    private static long count(String metrics, String name, String outcome) {
        Matcher matcher = Pattern.compile("greenboard_named_query_seconds_count\\{name=\"" + name + "\",outcome=\""
                + outcome + "\"} ([0-9.]+)").matcher(metrics);
        assertTrue(matcher.find(), () -> "no timer for " + name + "/" + outcome);
        return (long) Double.parseDouble(matcher.group(1));
    }
}
