package dev.greenboard.api.job;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Type;

@Type("JobStep")
public record JobStep(int number, String name, String status, String conclusion, Instant startedAt,
        Instant completedAt) {
}
