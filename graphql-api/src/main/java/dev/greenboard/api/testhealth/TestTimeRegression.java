package dev.greenboard.api.testhealth;

import java.time.LocalDate;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

import dev.greenboard.api.page.Cursor;

@Type("TestTimeRegression")
@Description("A test file whose mean time per default-branch job execution grew from the previous period to the"
        + " current one by more than both thresholds (by default 20% and 30 s). Periods are UTC days, both ends"
        + " included.")
public record TestTimeRegression(@NonNull String file, @NonNull LocalDate currentFrom, @NonNull LocalDate currentTo,
        @Description("Job executions that ran the file in the current period") int currentRuns,
        double currentMeanSeconds, @NonNull LocalDate previousFrom, @NonNull LocalDate previousTo,
        int previousRuns, double previousMeanSeconds,
        @Description("currentMeanSeconds - previousMeanSeconds") double increaseSeconds,
        @Description("increaseSeconds / previousMeanSeconds; null when the previous mean was 0") Double increaseRatio) {

    static final String COLUMNS = "file, current_from, current_to, current_runs, current_mean_seconds, previous_from,"
            + " previous_to, previous_runs, previous_mean_seconds, increase_seconds, increase_ratio";

    static TestTimeRegression from(Row row) {
        return new TestTimeRegression(row.getString("file"), row.getLocalDate("current_from"),
                row.getLocalDate("current_to"), row.getInteger("current_runs"), row.getDouble("current_mean_seconds"),
                row.getLocalDate("previous_from"), row.getLocalDate("previous_to"), row.getInteger("previous_runs"),
                row.getDouble("previous_mean_seconds"), row.getDouble("increase_seconds"),
                row.getDouble("increase_ratio"));
    }

    String cursor() {
        return Cursor.encode(increaseSeconds, file);
    }
}
