package dev.greenboard.api.testresult;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("TestSummary")
@Description("Counts over every report of a job (or commit).")
public record TestSummary(int reports, int tests, int passed, int failed, int errors, int skipped, int flaky) {

    public static final TestSummary NONE = new TestSummary(0, 0, 0, 0, 0, 0, 0);
}
