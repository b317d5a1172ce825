package dev.greenboard.metrics.changes;

import static dev.greenboard.metrics.changes.SyntheticSeries.Noise.HEAVY;
import static dev.greenboard.metrics.changes.SyntheticSeries.Noise.NORMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangepointDetectorTest {

    private static final LocalDate START = SyntheticSeries.START;

    private final ChangepointDetector detector = new ChangepointDetector();

    /**
     * Steps of several sizes (in noise spreads: 10% of the level is one spread) and places, on series with quieter
     * weekends (-15) and 1% outage days, each drawn 40 times: the newest change must be on the planted day ±1, with
     * p < 0.01, in at least {@code least} of them. The floors sit two or three below what was measured (40, 38, 37,
     * 40, 40, 38, 39, 36 in the order of the rows), so that the test fails on a real loss of power or precision. The
     * misses are honest: a step of 2.5 spreads is placed 2 days off now and then, by any estimator.
     */
    @ParameterizedTest(name = "{0} days, step of {2} on day {1}, {3} noise")
    @CsvSource(textBlock = """
            90,  30,  0.40, NORMAL, 38
            90,  45, -0.30, HEAVY,  36
            90,  60,  0.25, NORMAL, 35
            90,  83,  0.50, HEAVY,  38
            90,  86,  0.70, NORMAL, 38
            60,  20,  0.35, HEAVY,  36
            365, 300, 0.30, NORMAL, 37
            365, 100,-0.25, HEAVY,  34
            """)
    void findsPlantedStepsOnTheirDay(int days, int at, double step, SyntheticSeries.Noise noise, int least) {
        SyntheticSeries shape = SyntheticSeries.flat(days, noise, -15, 0.01).withStep(at, step);
        int found = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Detection detection = detector.detect(shape.draw(seed));
            if (detection.alert().isPresent()) {
                Change change = detection.alert().get();
                long offset = change.day().toEpochDay() - shape.stepDay().toEpochDay();
                if (Math.abs(offset) <= 1 && change.pValue() < 0.01
                        && change.direction() == (step > 0 ? Direction.UP : Direction.DOWN)) {
                    found++;
                }
            }
        }
        assertTrue(found >= least, "found on the day in " + found + " of 40 series, expected at least " + least);
    }

    @Test
    void measuresTheLevelsAroundAPlantedStep() {
        Detection detection = detector.detect(SyntheticSeries.flat(90, NORMAL, 0, 0).withStep(50, 0.5).draw(3));
        Change change = detection.alert().orElseThrow();
        assertEquals(START.plusDays(50), change.day());
        assertEquals(100, change.before(), 5, "median of the 50 days before");
        assertEquals(150, change.after(), 5, "median of the 40 days after");
        assertEquals(0.5, change.relativeChange(), 0.08);
        assertEquals(50, change.daysBefore());
        assertEquals(40, change.daysAfter());
        assertEquals(0.001, change.pValue(), 1e-12, "no permutation of 999 beats a step of 5 spreads: 1 / 1000");
    }

    /**
     * 1,000 series of 90 days without a change, half with normal and half with heavy-tailed noise, all with quieter
     * weekends and 2% outage days: the share of them with a change must not exceed the significance level (0.01,
     * 10 expected; measured 4) by more than chance allows (20 is 3 binomial spreads above 10). The relative-change
     * floor is off, so that only the test decides.
     */
    @Test
    void noiseAloneAlertsNoMoreOftenThanTheSignificanceLevel() {
        ChangepointDetector testOnly = new ChangepointDetector(
                ChangepointOptions.defaults().withMinRelativeChange(0));
        Map<Verdict, Integer> verdicts = verdicts(testOnly, 1000, 90, -20, 0.02);
        int alerts = verdicts.getOrDefault(Verdict.CHANGE, 0);
        assertTrue(alerts <= 20, alerts + " of 1000 noise-only series alerted at significance 0.01");
    }

    /**
     * The same at significance 0.05 (50 expected, 71 is 3 binomial spreads above; measured 31, since drifting noise
     * is called gradual): the p-values hold at other levels too.
     */
    @Test
    void noiseAloneAlertsNoMoreOftenThanALooserSignificanceLevel() {
        ChangepointDetector loose = new ChangepointDetector(
                ChangepointOptions.defaults().withMinRelativeChange(0).withSignificance(0.05));
        Map<Verdict, Integer> verdicts = verdicts(loose, 1000, 90, -20, 0.02);
        int alerts = verdicts.getOrDefault(Verdict.CHANGE, 0);
        assertTrue(alerts <= 71, alerts + " of 1000 noise-only series alerted at significance 0.05");
    }

    /**
     * Weekends 4 spreads lower are not a change: the pattern is taken out, and days are only swapped with days of
     * the same weekday (measured: 1 alert in 300 series).
     */
    @Test
    void aStrongWeeklyPatternIsNotAChange() {
        Map<Verdict, Integer> verdicts = verdicts(detector, 300, 90, -40, 0);
        assertTrue(verdicts.getOrDefault(Verdict.CHANGE, 0) <= 6, "alerts on a weekly pattern: " + verdicts);
    }

    private static Map<Verdict, Integer> verdicts(ChangepointDetector detector, int series, int days,
            double weekendEffect, double outliers) {
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        for (int seed = 0; seed < series; seed++) {
            SyntheticSeries shape = SyntheticSeries.flat(days, seed % 2 == 0 ? NORMAL : HEAVY, weekendEffect,
                    outliers);
            verdicts.merge(detector.detect(shape.draw(10_000 + seed)).verdict(), 1, Integer::sum);
        }
        return verdicts;
    }

    /**
     * A drift of 50% over 90 days (5 noise spreads) splits significantly, but a straight line fits it better than a
     * step: it is GRADUAL, not a change. A smaller drift is harder to tell from a step: the class comment gives the
     * measured rates.
     */
    @Test
    void aSteadyDriftIsGradualNotAStep() {
        SyntheticSeries drift = SyntheticSeries.flat(90, NORMAL, -15, 0.01).withDrift(0.5);
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        for (long seed = 1; seed <= 100; seed++) {
            verdicts.merge(detector.detect(drift.draw(seed)).verdict(), 1, Integer::sum);
        }
        assertTrue(verdicts.getOrDefault(Verdict.GRADUAL, 0) >= 97, "verdicts on a drift: " + verdicts);
    }

    @Test
    void aNoiselessRampIsGradual() {
        List<DailyPoint> ramp = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ramp.add(new DailyPoint(START.plusDays(i), 100 + i));
        }
        Detection detection = detector.detect(DailySeries.of(ramp));
        assertEquals(Verdict.GRADUAL, detection.verdict());
        assertTrue(detection.latest().isEmpty());
        assertTrue(detection.changes().isEmpty());
    }

    /**
     * A day at ten times the level, on any day of the series, the last ones included, is never a step: it moves the
     * rank sums by one rank.
     */
    @Test
    void aSingleDaySpikeIsNotAStep() {
        DailySeries quiet = SyntheticSeries.flat(90, NORMAL, 0, 0).draw(21);
        assertEquals(Verdict.NOT_SIGNIFICANT, detector.detect(quiet).verdict());
        for (int spike = 0; spike < 90; spike++) {
            List<DailyPoint> points = new ArrayList<>(quiet.points());
            DailyPoint day = points.get(spike);
            points.set(spike, new DailyPoint(day.day(), day.value() * 10));
            Detection detection = detector.detect(DailySeries.of(points));
            assertEquals(Verdict.NOT_SIGNIFICANT, detection.verdict(), "spike on day " + spike);
        }
    }

    @Test
    void aSpikeOnAnOtherwiseConstantSeriesIsNotAStep() {
        List<DailyPoint> points = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            points.add(new DailyPoint(START.plusDays(i), i == 20 ? 1000 : 100));
        }
        assertEquals(Verdict.NOT_SIGNIFICANT, detector.detect(DailySeries.of(points)).verdict());
    }

    @Test
    void shortSeriesHaveNoChange() {
        assertEquals(new Detection(Verdict.TOO_SHORT, Optional.empty(), List.of()),
                detector.detect(DailySeries.of(List.of())));
        // 9 days cannot hold 7 days before a change and 3 after, however clear the step
        List<DailyPoint> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(new DailyPoint(START.plusDays(i), i < 6 ? 100 : 500));
        }
        assertEquals(Verdict.TOO_SHORT, detector.detect(DailySeries.of(nine)).verdict());
    }

    @Test
    void aConstantSeriesHasNoChange() {
        List<DailyPoint> points = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            points.add(new DailyPoint(START.plusDays(i), 42));
        }
        assertEquals(Verdict.CONSTANT, detector.detect(DailySeries.of(points)).verdict());
    }

    @Test
    void daysWithoutSamplesAreGaps() {
        List<DailyPoint> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            points.add(new DailyPoint(START.plusDays(i), Double.NaN, 0));
        }
        assertEquals(Verdict.TOO_SHORT, detector.detect(DailySeries.of(points)).verdict());
    }

    /** Weekdays only, with a ten-day hole before the step: the step is placed on its day, not on a position. */
    @Test
    void findsAStepAcrossGaps() {
        DailySeries full = SyntheticSeries.flat(120, NORMAL, 0, 0).withStep(82, 0.4).draw(5);
        List<DailyPoint> workdays = full.points().stream()
                .filter(p -> p.day().getDayOfWeek() != DayOfWeek.SATURDAY
                        && p.day().getDayOfWeek() != DayOfWeek.SUNDAY)
                .filter(p -> p.day().isBefore(START.plusDays(60)) || p.day().isAfter(START.plusDays(69)))
                .toList();
        Change change = detector.detect(DailySeries.of(workdays)).alert().orElseThrow();
        // day 82 is a Saturday: the first day with data at the new level is the Monday after
        assertEquals(DayOfWeek.SATURDAY, START.plusDays(82).getDayOfWeek());
        assertEquals(START.plusDays(84), change.day());
    }

    /**
     * Red rate per day as rates with their finished commits as samples: the mean level is the pooled rate. Before:
     * days of 0/10 and 4/40 (pooled 4/50 = 0.08); after: 10/20 every day (0.5). Days with fewer than 5 commits are
     * noise (a 1/1 day is 100% red) and are skipped when asked.
     */
    @Test
    void meanLevelsPoolTheSamplesAndThinDaysCanBeSkipped() {
        List<DailyPoint> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            LocalDate day = START.plusDays(i);
            if (i >= 30) {
                points.add(new DailyPoint(day, 0.5, 20));
            } else if (i % 3 == 2) {
                points.add(new DailyPoint(day, 1.0, 1));
            } else {
                points.add(i % 3 == 0 ? new DailyPoint(day, 0.0, 10) : new DailyPoint(day, 0.1, 40));
            }
        }
        ChangepointDetector rates = new ChangepointDetector(ChangepointOptions.defaults()
                .withLevel(LevelStatistic.MEAN).withMinSamplesPerDay(5).withWeekdayAdjusted(false));
        Change change = rates.detect(DailySeries.of(points)).alert().orElseThrow();
        assertEquals(START.plusDays(30), change.day());
        assertEquals(0.08, change.before(), 1e-12);
        assertEquals(0.5, change.after(), 1e-12);
        assertEquals(20, change.daysBefore(), "the 10 days with one commit are skipped");
        assertEquals(LevelStatistic.MEAN, change.level());
    }

    @Test
    void weightedMedianIsTheOrdinaryMedianForEqualWeights() {
        double[] values = {5, 1, 4, 2};
        assertEquals(3, ChangepointDetector.weightedMedian(values, new double[]{1, 1, 1, 1}, 0, 4));
        assertEquals(2, ChangepointDetector.weightedMedian(values, new double[]{1, 1, 1, 1}, 1, 4));
        assertEquals(5, ChangepointDetector.weightedMedian(values, new double[]{10, 1, 1, 1}, 0, 4));
    }

    @Test
    void onlyRecentChangesAlertWhenAWindowIsSet() {
        DailySeries series = SyntheticSeries.flat(90, NORMAL, 0, 0).withStep(70, 0.5).draw(8);
        LocalDate today = START.plusDays(89);

        Detection lastWeek = new ChangepointDetector(ChangepointOptions.defaults().withRecentDays(7))
                .detect(series, today);
        assertEquals(Verdict.NOT_RECENT, lastWeek.verdict());
        assertEquals(START.plusDays(70), lastWeek.latest().orElseThrow().day(), "still says which change it was");
        assertTrue(lastWeek.alert().isEmpty());

        Detection lastMonth = new ChangepointDetector(ChangepointOptions.defaults().withRecentDays(30))
                .detect(series, today);
        assertEquals(Verdict.CHANGE, lastMonth.verdict());
        // the window ends today, not on the series' last day: 20 days later the change is 40 days old
        assertEquals(Verdict.NOT_RECENT, new ChangepointDetector(ChangepointOptions.defaults().withRecentDays(30))
                .detect(series, today.plusDays(20)).verdict());
        // the window's first day counts: a change on day 70 is within the last 20 days of day 89
        assertEquals(Verdict.CHANGE, new ChangepointDetector(ChangepointOptions.defaults().withRecentDays(20))
                .detect(series, today).verdict());
    }

    /** A shift of 5% with little noise is significant but below the 10% floor; a ratio floor and an absolute one. */
    @Test
    void smallChangesDoNotAlert() {
        List<DailyPoint> points = new ArrayList<>();
        Random random = new Random(4);
        for (int i = 0; i < 60; i++) {
            points.add(new DailyPoint(START.plusDays(i), (i < 40 ? 100 : 105) + random.nextGaussian()));
        }
        DailySeries series = DailySeries.of(points);
        Detection detection = detector.detect(series);
        assertEquals(Verdict.TOO_SMALL, detection.verdict());
        assertEquals(START.plusDays(40), detection.latest().orElseThrow().day());
        assertTrue(detection.changes().isEmpty(), "too small to annotate either");

        ChangepointDetector finer = new ChangepointDetector(ChangepointOptions.defaults().withMinRelativeChange(0.02));
        assertEquals(Verdict.CHANGE, finer.detect(series).verdict());
        ChangepointDetector absolute = new ChangepointDetector(
                ChangepointOptions.defaults().withMinRelativeChange(0).withMinAbsoluteChange(10));
        assertEquals(Verdict.TOO_SMALL, absolute.detect(series).verdict());
    }

    /** Up on day 30, back down on day 60: both are found, and the newest is measured against the level between. */
    @Test
    void findsEveryChangeAndMeasuresTheNewestAgainstTheLevelJustBefore() {
        List<DailyPoint> points = new ArrayList<>();
        Random random = new Random(9);
        for (int i = 0; i < 90; i++) {
            double level = i < 30 ? 100 : i < 60 ? 160 : 120;
            points.add(new DailyPoint(START.plusDays(i), level + 5 * random.nextGaussian()));
        }
        Detection detection = detector.detect(DailySeries.of(points));
        assertEquals(2, detection.changes().size(), detection.changes().toString());
        Change up = detection.changes().get(0);
        Change down = detection.changes().get(1);
        assertEquals(START.plusDays(30), up.day());
        assertEquals(Direction.UP, up.direction());
        assertEquals(START.plusDays(60), down.day());
        assertEquals(Direction.DOWN, down.direction());
        assertEquals(160, down.before(), 4, "the level between the changes, not since the start");
        assertEquals(30, down.daysBefore());
        assertEquals(down, detection.alert().orElseThrow());
    }

    @Test
    void theSameSeriesGivesTheSameAnswer() {
        DailySeries series = SyntheticSeries.flat(120, HEAVY, -15, 0.02).withStep(90, 0.2).draw(11);
        Detection first = detector.detect(series);
        assertEquals(first, new ChangepointDetector().detect(series));
        List<DailyPoint> reversed = new ArrayList<>(series.points());
        Collections.reverse(reversed);
        assertEquals(first, detector.detect(DailySeries.of(reversed)), "the order points are given in does not matter");
    }

    @Test
    void optionsThatCannotWorkAreRefused() {
        ChangepointOptions defaults = ChangepointOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> defaults.withSignificance(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withSignificance(0.001).withPermutations(99, 1));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMinDays(1, 3));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMinDays(7, 0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withRecentDays(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMinRelativeChange(-0.1));
        assertFalse(defaults.recentDays().isPresent());
        assertEquals(OptionalInt.of(7), defaults.withRecentDays(7).recentDays());
    }

    @Test
    void seriesRefuseTwoValuesForOneDayAndSortTheRest() {
        assertThrows(IllegalArgumentException.class, () -> DailySeries.of(List.of(new DailyPoint(START, 1),
                new DailyPoint(START, 2))));
        DailySeries sorted = DailySeries.of(List.of(new DailyPoint(START.plusDays(1), 2), new DailyPoint(START, 1)));
        assertEquals(START, sorted.points().get(0).day());
        assertThrows(IllegalArgumentException.class, () -> new DailyPoint(START, Double.NaN, 3));
    }
}
