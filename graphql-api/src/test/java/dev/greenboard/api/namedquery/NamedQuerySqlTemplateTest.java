package dev.greenboard.api.namedquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Placeholders become typed positional parameters; a colon anywhere else stays as written. */
class NamedQuerySqlTemplateTest {

    private static final Map<String, ParameterType> TYPES = Map.of("repo", ParameterType.STRING, "days",
            ParameterType.INT, "x", ParameterType.FLOAT);

    private static String positional(String sql) {
        return SqlTemplate.parse(sql).positional(TYPES).sql();
    }

    @Test
    void placeholdersAreNumberedByFirstAppearanceAndCast() {
        SqlTemplate.Positional positional = SqlTemplate.parse(
                "select * from t where repo = :repo and age < :days and other = :repo").positional(TYPES);
        assertEquals("select * from t where repo = ($1::text) and age < ($2::bigint) and other = ($1::text)",
                positional.sql());
        assertEquals(List.of("repo", "days"), positional.order());
    }

    /** Each SQL text has exactly one placeholder, :days, that must be found; every other colon is left alone. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            select :days::int                               | select ($1::bigint)::int
            select ':x', :days                              | select ':x', ($1::bigint)
            select 'it''s :x', :days                        | select 'it''s :x', ($1::bigint)
            select E'\\' :x', :days                         | select E'\\' :x', ($1::bigint)
            select "odd:x", :days                           | select "odd:x", ($1::bigint)
            select $$ :x $$, :days                          | select $$ :x $$, ($1::bigint)
            select $q$ :x $q$, :days                        | select $q$ :x $q$, ($1::bigint)
            select /* :x /* nested :x */ :x */ :days        | select /* :x /* nested :x */ :x */ ($1::bigint)
            select (array[1,2,3])[1:2], :days               | select (array[1,2,3])[1:2], ($1::bigint)
            select :days;                                   | select ($1::bigint)
            select :days ; -- the end                       | select ($1::bigint)
            with w as (select :days as d) select d from w   | with w as (select ($1::bigint) as d) select d from w
            (select :days) union all (select 1)             | (select ($1::bigint)) union all (select 1)
            """)
    void onlyRealPlaceholdersAreReplaced(String sql, String expected) {
        assertEquals(expected, positional(sql));
        assertEquals(List.of("days"), List.copyOf(SqlTemplate.parse(sql).names()));
    }

    @Test
    void aLineCommentDoesNotHidePlaceholdersOnTheNextLine() {
        assertEquals("select -- :x\n($1::bigint)", positional("select -- :x\n:days"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            delete from repository                    | it starts with 'delete from
            insert into t values (1)                  | SELECT, WITH ... SELECT, VALUES, TABLE
            select 1; delete from repository          | more than one statement
            select $1                                 | positional parameter
            select 'open                              | ' that is not closed
            select $q$ open                           | $q$ quote that is not closed
            select /* open                            | /* comment that is not closed
            -- only a comment                         | no statement
            """)
    void refusesWhatIsNotOneReadingStatement(String sql, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlTemplate.parse(sql));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
