package dev.greenboard.api.testhealth;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

import dev.greenboard.api.page.Cursor;

@Type("DisabledTest")
@Description("An entry of the disabled-test list (exported as disabled-tests-condensed.json).")
public record DisabledTest(
        @NonNull @Description("The key CI skips by: \"<name> (__main__.<Class>)\"") String test,
        @NonNull String name, @NonNull @Description("The class without its module") String className,
        @NonNull DisabledTestSource source, Integer issueNumber, String issueUrl,
        @NonNull @Description("Lower case; empty means every platform") List<@NonNull String> platforms,
        String reason, boolean active, Instant updatedAt, @Ignore long id) {

    static final String COLUMNS = "id, test_key, test_name, test_class, source, issue_number, issue_url, platforms,"
            + " reason, active, updated_at";

    static DisabledTest from(Row row) {
        String[] platforms = row.getArrayOfStrings("platforms");
        return new DisabledTest(row.getString("test_key"), row.getString("test_name"), row.getString("test_class"),
                DisabledTestSource.valueOf(row.getString("source").toUpperCase(Locale.ROOT)),
                row.getInteger("issue_number"), row.getString("issue_url"),
                platforms == null ? List.of() : List.of(platforms), row.getString("reason"),
                row.getBoolean("active"), row.getOffsetDateTime("updated_at").toInstant(), row.getLong("id"));
    }

    String cursor() {
        return Cursor.encode(test, id);
    }
}
