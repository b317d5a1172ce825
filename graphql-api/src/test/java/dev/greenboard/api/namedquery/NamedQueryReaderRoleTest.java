package dev.greenboard.api.namedquery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.EmbeddedDatabase;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/**
 * Named queries run as the embedded server's read-only role, not as the owner Greenboard writes with (issue #11): a
 * query that tries to become the owner, to write through a CTE, or to run a program is refused with a 4xx by
 * PostgreSQL's privileges, not only by the read-only transaction around it. On a {@code GREENBOARD_TEST_DB_URL}
 * server there is one role, so these tests need the embedded one.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class NamedQueryReaderRoleTest {

    @Inject
    NamedQueryCatalog catalog;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void embeddedOnly() {
        String external = System.getenv("GREENBOARD_TEST_DB_URL");
        Assumptions.assumeTrue(external == null || external.isBlank(), "one role on an external test server");
    }

    @Test
    void aNamedQueryRunsAsTheReadOnlyRole() throws IOException {
        try (Query who = new Query("select current_user::text as who, session_user::text as login")) {
            given().get("/api/v1/queries/" + who.name).then().statusCode(200)
                    .body("rows",
                            equalTo(List.of(List.of(EmbeddedDatabase.READER_ROLE, EmbeddedDatabase.READER_ROLE))));
        }
    }

    @Test
    void becomingTheOwnerIsRefused() throws IOException {
        // As the owner (before), SET ROLE to itself succeeded: the query ran with every right Greenboard has.
        try (Query setRole = new Query("select set_config('role', '" + EmbeddedDatabase.OWNER_ROLE + "', true) as r")) {
            given().get("/api/v1/queries/" + setRole.name).then().statusCode(400).body("error", equalTo("bad_input"))
                    .body("detail", containsString("permission denied to set role"));
            String code = GraphQL.raw("query($name: String!) { runNamedQuery(name: $name) { rowCount } }", "name",
                    setRole.name).getString("errors[0].extensions.code");
            assertEquals("BAD_USER_INPUT", code);
        }
    }

    @Test
    void writingThroughACteOrAProgramIsRefusedAndNothingIsWritten() throws IOException {
        Sql sql = new Sql(dataSource);
        String collection = "reader_" + UUID.randomUUID().toString().substring(0, 8);
        try (Query insert = new Query("with added as (insert into document_collection (name) values ('" + collection
                + "') returning name) select name from added");
                Query program = new Query("select pg_catalog.pg_read_file('/etc/passwd') as stolen")) {
            given().get("/api/v1/queries/" + insert.name).then().statusCode(400).body("error", equalTo("bad_input"));
            given().get("/api/v1/queries/" + program.name).then().statusCode(400).body("error", equalTo("bad_input"))
                    .body("detail", containsString("permission denied"));
        }
        assertEquals(0, sql.count("select count(*) from document_collection where name = ?", collection));
    }

    /** A user query under a name of its own, removed when closed. */
    private final class Query implements AutoCloseable {

        final String name = "reader_role_" + UUID.randomUUID().toString().substring(0, 8);
        final Path dir = catalog.userDirectory().resolve(name);

        Query(String sql) throws IOException {
            Files.createDirectories(dir);
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
}
