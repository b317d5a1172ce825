package dev.greenboard.api.job;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

@Input("JobFilter")
@Description("Narrows a job list; every given part must match.")
public record JobFilter(@Description("Substring of the display name, ignoring case") String name, String status,
        String conclusion, String branch, String sha, @Description("Created at or after") Instant since) {
}
