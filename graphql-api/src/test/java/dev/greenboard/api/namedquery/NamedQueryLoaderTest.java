package dev.greenboard.api.namedquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.greenboard.api.namedquery.NamedQueryDefinition.Source;
import dev.greenboard.api.namedquery.NamedQueryLoader.InvalidNamedQuery;

/** What a query directory must hold, and the message a mistake in it gets. */
class NamedQueryLoaderTest {

    @TempDir
    Path root;

    private Path query(String name, String sql, String params) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("query.sql"), sql);
        if (params != null) {
            Files.writeString(dir.resolve("params.json"), params);
        }
        return dir;
    }

    @Test
    void loadsParamsDefaultsAndTimeout() throws Exception {
        NamedQueryDefinition query = NamedQueryLoader.load(query("recent-jobs", """
                -- jobs of a repository
                select j.id from job j join repository r on r.id = j.repo_id
                where r.full_name = :repo and j.created_at >= now() - :window and j.status = coalesce(:status, j.status)
                limit :max_rows;
                """, """
                {"description": "Recent jobs", "timeout": "2s", "params": [
                  {"name": "repo", "type": "string", "description": "owner/name"},
                  {"name": "window", "type": "interval", "default": "7d"},
                  {"name": "status", "type": "string", "default": null},
                  {"name": "max_rows", "type": "int", "default": 100}
                ]}"""), Source.USER);
        assertEquals("recent-jobs", query.name());
        assertEquals(Source.USER, query.source());
        assertEquals("Recent jobs", query.description());
        assertEquals(Optional.of(Duration.ofSeconds(2)), query.timeout());
        assertEquals(List.of("repo", "window", "status", "max_rows"), query.bindOrder());
        assertTrue(query.sql().contains("r.full_name = ($1::text) and j.created_at >= now() - ($2::interval)"),
                query.sql());
        assertTrue(query.sql().endsWith("limit ($4::bigint)"), "the closing ';' is cut: " + query.sql());
        ParameterSpec repo = query.params().get(0);
        assertTrue(repo.required());
        assertEquals("owner/name", repo.description());
        ParameterSpec status = query.params().get(2);
        assertFalse(status.required(), "a null default makes a parameter optional");
        assertEquals(null, status.defaultText());
        assertEquals("7d", query.params().get(1).defaultText());
        assertEquals(100L, query.params().get(3).defaultValue());
    }

    @Test
    void paramsJsonIsOptional() throws Exception {
        NamedQueryDefinition query = NamedQueryLoader.load(query("plain", "select 1 as one", null), Source.USER);
        assertEquals(List.of(), query.params());
        assertEquals(Optional.empty(), query.timeout());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Bad_Name | select 1                | {}                                                            | not a query name
            q        | select 1                | {"params": [}                                                 | not valid JSON
            q        | select 1                | []                                                            | must hold a JSON object
            q        | select 1                | {"descripton": "x"}                                           | unknown key "descripton"
            q        | select :d               | {"params": [{"name": "d", "type": "int", "defualt": 1}]}      | unknown key "defualt"
            q        | select :d               | {"params": [{"name": "d", "type": "integer"}]}                | type 'integer' is not one of
            q        | select :d               | {"params": [{"name": "d"}]}                                   | needs a type
            q        | select :d               | {"params": [{"name": "d", "type": "int", "default": "x"}]}    | the default must be an int
            q        | select :e               | {"params": [{"name": "d", "type": "int"}]}                    | uses :e but
            q        | select 1                | {"params": [{"name": "d", "type": "int"}]}                    | never uses :d
            q        | select :format          | {"params": [{"name": "format", "type": "string"}]}            | 'format' is reserved
            q        | select :d               | {"params": [{"name": "d", "type": "int"}, {"name": "d", "type": "int"}]} | declared twice
            q        | select :d               | {"params": [{"name": "D-1", "type": "int"}]}                  | .name must be
            q        | select 1                | {"timeout": "soon"}                                           | "timeout" must be a positive duration
            q        | select 1                | {"timeout": "0s"}                                             | "timeout" must be a positive duration
            q        | update job set name = 1 | {}                                                            | must be one statement that reads
            """)
    void explainsWhatIsWrong(String name, String sql, String params, String message) throws IOException {
        Path dir = query(name, sql, params);
        InvalidNamedQuery e = assertThrows(InvalidNamedQuery.class, () -> NamedQueryLoader.load(dir, Source.USER));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aDirectoryWithoutQuerySqlIsNotAQuery() throws IOException {
        Path dir = Files.createDirectories(root.resolve("empty"));
        InvalidNamedQuery e = assertThrows(InvalidNamedQuery.class, () -> NamedQueryLoader.load(dir, Source.USER));
        assertEquals("the directory has no query.sql", e.getMessage());
    }

    @Test
    void everyShippedQueryLoads() throws Exception {
        List<Path> shipped;
        try (Stream<Path> dirs = Files.list(Path.of("src/main/resources/named-queries"))) {
            shipped = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(6, shipped.size(), shipped::toString);
        for (Path dir : shipped) {
            NamedQueryDefinition query = NamedQueryLoader.load(dir, Source.SHIPPED);
            assertTrue(query.description() != null && !query.description().isBlank(), query.name());
            assertTrue(query.params().stream().allMatch(p -> p.description() != null), query.name());
        }
    }
}
