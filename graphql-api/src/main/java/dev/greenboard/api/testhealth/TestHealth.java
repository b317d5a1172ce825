package dev.greenboard.api.testhealth;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.testresult.Test;

@Type("TestHealth")
@Description("A test that is not healthy over the window asked for (docs/definitions.md 'Flaky test'). Counts are of default-branch"
        + " executions in the window; skipped ones do not count.")
public record TestHealth(@NonNull Test test, @NonNull TestHealthState state,
        @NonNull List<@NonNull TestHealthReason> reasons,
        @Description("Default-branch executions in the window") int runs,
        @Description("Those that failed: failed, error, or flaky (failed before a rerun passed)") int failures,
        @Description("Pass, fail, pass sequences on the default branch") int flips,
        @Description("When the newest rerun flake or flip happened") Instant lastFlakeAt,
        @Description("Lower bound of the 95% Wilson score interval of failures / runs; null without runs") Double failureRateLow,
        @Description("Upper bound of that interval") Double failureRateHigh,
        @Ignore int rank) {

    /** Disabled first, then broken, then flaky: the order of precedence. */
    static final String RANK = "array_position(array['DISABLED', 'BROKEN', 'FLAKY'], h.state)";

    static final String COLUMNS = "ti.id, ti.file, ti.classname, ti.name, h.state, h.reasons, h.runs, h.failures,"
            + " h.flips, h.last_flake_at, h.failure_rate_low, h.failure_rate_high, " + RANK + " as rank";

    static TestHealth from(Row row) {
        String[] reasons = row.getArrayOfStrings("reasons");
        return new TestHealth(
                new Test(row.getLong("id"), row.getString("file"), row.getString("classname"), row.getString("name")),
                TestHealthState.valueOf(row.getString("state")),
                Arrays.stream(reasons).map(TestHealthReason::valueOf).toList(), row.getInteger("runs"),
                row.getInteger("failures"), row.getInteger("flips"),
                row.getOffsetDateTime("last_flake_at") == null
                        ? null
                        : row.getOffsetDateTime("last_flake_at").toInstant(),
                row.getDouble("failure_rate_low"), row.getDouble("failure_rate_high"), row.getInteger("rank"));
    }

    String cursor() {
        return Cursor.encode(rank, test.file(), test.classname(), test.name());
    }
}
