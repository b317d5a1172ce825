package dev.greenboard.metrics.changes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A metric's days in date order, at most one point a day; missing days are allowed (gaps). */
public record DailySeries(List<DailyPoint> points) {

    public DailySeries {
        List<DailyPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(DailyPoint::day));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).day().equals(sorted.get(i - 1).day())) {
                throw new IllegalArgumentException("Day[" + sorted.get(i).day() + "] appears twice in the series");
            }
        }
        points = List.copyOf(sorted);
    }

    public static DailySeries of(List<DailyPoint> points) {
        return new DailySeries(points);
    }

    /** Each value with one sample. */
    public static DailySeries of(Map<LocalDate, Double> values) {
        List<DailyPoint> points = new ArrayList<>(values.size());
        values.forEach((day, value) -> points.add(new DailyPoint(day, value)));
        return new DailySeries(points);
    }

    public int size() {
        return points.size();
    }
}
