package dev.greenboard.metrics.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class ChangeSentenceTest {

    private static final LocalDate DEC_3 = LocalDate.of(2025, 12, 3);

    @Test
    void aJobGotSlower() {
        Change change = new Change(DEC_3, 600, 810, LevelStatistic.MEDIAN, 0.001, 60, 5);
        assertEquals("job X got 35% slower on Dec 3 (p = 0.001)",
                ChangeSentence.relative("job X", MetricUnit.SECONDS).describe(change));
    }

    @Test
    void queueTimeRoseFromOneLevelToAnother() {
        Change change = new Change(DEC_3, 42, 186, LevelStatistic.MEDIAN, 0.003, 40, 6);
        assertEquals("queue time on runner linux.2xlarge rose from 42 s to 3.1 min on Dec 3 (p = 0.003)",
                ChangeSentence.levels("queue time on runner linux.2xlarge", MetricUnit.SECONDS).describe(change));
    }

    @Test
    void redRateWithoutPValue() {
        Change change = new Change(DEC_3, 0.04, 0.19, LevelStatistic.MEAN, 0.001, 30, 4);
        assertEquals("red % on main rose from 4% to 19% on Dec 3",
                ChangeSentence.levels("red % on main", MetricUnit.RATIO).withoutPValue().describe(change));
    }

    @Test
    void otherDirectionsAndSizes() {
        ChangeSentence duration = ChangeSentence.relative("job X", MetricUnit.SECONDS);
        assertEquals("job X got 40% faster on Dec 3 (p = 0.012)",
                duration.describe(new Change(DEC_3, 600, 360, LevelStatistic.MEDIAN, 0.0123, 60, 5)));
        assertEquals("job X got 3.5× slower on Dec 3 (p < 0.001)",
                duration.describe(new Change(DEC_3, 600, 2100, LevelStatistic.MEDIAN, 0.0001, 60, 5)));
        assertEquals("reverts fell by 50% on Dec 3 (p = 0.004)", ChangeSentence.relative("reverts", MetricUnit.COUNT)
                .describe(new Change(DEC_3, 4, 2, LevelStatistic.MEAN, 0.004, 60, 5)));
        // from 0 there is no relative change to tell: the levels are told instead
        assertEquals("red % on main rose from 0% to 12% on Dec 3 (p = 0.001)",
                ChangeSentence.relative("red % on main", MetricUnit.RATIO)
                        .describe(new Change(DEC_3, 0, 0.12, LevelStatistic.MEAN, 0.001, 60, 5)));
    }
}
