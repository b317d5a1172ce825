package dev.greenboard.api.metric;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

import org.eclipse.microprofile.graphql.Description;

@Description("The width of a metric's time buckets, in UTC; weeks start on Monday (ISO weeks).")
public enum Granularity {

    HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1)), WEEK(Duration.ofDays(7));

    private final Duration length;

    Granularity(Duration length) {
        this.length = length;
    }

    public Duration length() {
        return length;
    }

    /** The unit as PostgreSQL's {@code date_trunc} spells it. */
    public String sqlUnit() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The start of the bucket that holds {@code time}. */
    public Instant floor(Instant time) {
        return switch (this) {
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case DAY -> time.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> time.atOffset(ZoneOffset.UTC).toLocalDate()
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        };
    }

    /** The end of the bucket that holds the instant just before {@code time}: {@code time} itself when aligned. */
    public Instant ceil(Instant time) {
        Instant floor = floor(time);
        return floor.equals(time) ? time : floor.plus(length);
    }
}
