package dev.greenboard.api.testhealth;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.testresult.Test;

@Type("PlatformSmokeTest")
@Description("A test that fails significantly more often on one platform than on all others together (one-sided"
        + " Fisher exact test), over the window asked for.")
public record PlatformSmokeTest(@NonNull Test test, @NonNull String platform,
        @Description("Default-branch runs on the platform") int runs,
        @Description("Failed, error or flaky runs on the platform") int failures,
        @Description("Runs on all other platforms") int otherRuns,
        @Description("Failures on all other platforms") int otherFailures,
        @Description("P(at least this many failures on the platform | the margins), one-sided") double pValue) {

    static final String COLUMNS = "ti.id, ti.file, ti.classname, ti.name, p.platform, p.runs, p.failures,"
            + " p.other_runs, p.other_failures, p.p_value";

    static PlatformSmokeTest from(Row row) {
        return new PlatformSmokeTest(
                new Test(row.getLong("id"), row.getString("file"), row.getString("classname"), row.getString("name")),
                row.getString("platform"), row.getInteger("runs"), row.getInteger("failures"),
                row.getInteger("other_runs"), row.getInteger("other_failures"), row.getDouble("p_value"));
    }

    String cursor() {
        return Cursor.encode(pValue, test.id());
    }
}
