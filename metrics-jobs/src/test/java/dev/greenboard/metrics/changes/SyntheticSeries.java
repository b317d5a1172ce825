package dev.greenboard.metrics.changes;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded daily series like a CI metric's: a level of 100, noise of 10 (normal, or Student's t with 3 degrees of
 * freedom scaled to the same spread, whose rare days are far out), optionally quieter weekends, outage days at three
 * times the level, a step and a drift.
 */
record SyntheticSeries(int days, Noise noise, double weekendEffect, double outlierShare, int stepAt,
        double stepRelative, double driftRelative) {

    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final double LEVEL = 100;
    static final double NOISE = 10;

    enum Noise {
        NORMAL, HEAVY
    }

    /** No change at all: noise, weekends and outliers only. */
    static SyntheticSeries flat(int days, Noise noise, double weekendEffect, double outlierShare) {
        return new SyntheticSeries(days, noise, weekendEffect, outlierShare, days, 0, 0);
    }

    SyntheticSeries withStep(int at, double relative) {
        return new SyntheticSeries(days, noise, weekendEffect, outlierShare, at, relative, driftRelative);
    }

    SyntheticSeries withDrift(double relative) {
        return new SyntheticSeries(days, noise, weekendEffect, outlierShare, stepAt, stepRelative, relative);
    }

    LocalDate stepDay() {
        return START.plusDays(stepAt);
    }

    DailySeries draw(long seed) {
        Random random = new Random(seed);
        List<DailyPoint> points = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            LocalDate day = START.plusDays(i);
            double value = LEVEL * (1 + (i >= stepAt ? stepRelative : 0) + driftRelative * i / days)
                    + NOISE * noise(random);
            DayOfWeek weekday = day.getDayOfWeek();
            if (weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY) {
                value += weekendEffect;
            }
            if (random.nextDouble() < outlierShare) {
                value *= 3;
            }
            points.add(new DailyPoint(day, value));
        }
        return DailySeries.of(points);
    }

    private double noise(Random random) {
        if (noise == Noise.NORMAL) {
            return random.nextGaussian();
        }
        // t with 3 degrees of freedom has variance 3: divided by √3 it has the normal's spread and far heavier tails
        double chiSquare = 0;
        for (int i = 0; i < 3; i++) {
            double g = random.nextGaussian();
            chiSquare += g * g;
        }
        return random.nextGaussian() / Math.sqrt(chiSquare / 3) / Math.sqrt(3);
    }
}
