package dev.greenboard.metrics.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SlackMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Change SLOWER = new Change(LocalDate.of(2025, 12, 3), 600, 810, LevelStatistic.MEDIAN,
            0.001, 60, 5);

    @Test
    void aChangeWithItsChart() throws Exception {
        SlackMessage message = SlackMessage.of(ChangeSentence.relative("job X", MetricUnit.SECONDS), SLOWER,
                Optional.of("https://ci.example.org/"), "/metrics?repo=pytorch%2Fpytorch&metric=job_duration");
        JsonNode expected = JSON.readTree(
                """
                        {
                          "text": "job X got 35% slower on Dec 3 (p = 0.001) https://ci.example.org/metrics?repo=pytorch%2Fpytorch&metric=job_duration",
                          "blocks": [
                            {"type": "section", "text": {"type": "mrkdwn", "text": "*job X got 35% slower on Dec 3 (p = 0.001)*"}},
                            {"type": "context", "elements": [{"type": "mrkdwn",
                              "text": "Median before: 10 min (60 days). Median since Dec 3: 14 min (5 days). <https://ci.example.org/metrics?repo=pytorch%2Fpytorch&metric=job_duration|Open the chart>"}]}
                          ]
                        }
                        """);
        assertEquals(expected, JSON.readTree(message.json()));
    }

    @Test
    void withoutABaseUrlThereIsNoLinkAndTextIsEscaped() throws Exception {
        Change worse = new Change(LocalDate.of(2025, 12, 3), 0.04, 0.19, LevelStatistic.MEAN, 0.003, 1, 4);
        SlackMessage message = SlackMessage.of(
                ChangeSentence.levels("red % on <main> & release", MetricUnit.RATIO), worse, Optional.empty(),
                "/metrics");
        JsonNode expected = JSON.readTree("""
                {
                  "text": "red % on &lt;main&gt; &amp; release rose from 4% to 19% on Dec 3 (p = 0.003)",
                  "blocks": [
                    {"type": "section", "text": {"type": "mrkdwn",
                      "text": "*red % on &lt;main&gt; &amp; release rose from 4% to 19% on Dec 3 (p = 0.003)*"}},
                    {"type": "context", "elements": [{"type": "mrkdwn",
                      "text": "Mean before: 4% (1 day). Mean since Dec 3: 19% (4 days)."}]}
                  ]
                }
                """);
        assertEquals(expected, message.body());
    }

    @Test
    void theChartPathMustBeAPath() {
        assertThrows(IllegalArgumentException.class, () -> SlackMessage.of(
                ChangeSentence.relative("job X", MetricUnit.SECONDS), SLOWER, Optional.of("https://x"), "metrics"));
    }
}
