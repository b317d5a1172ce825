package dev.greenboard.metrics.changes;

import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change as the body of a Slack incoming webhook, which Slack-compatible receivers (Mattermost, Rocket.Chat,
 * Discord's {@code /slack} endpoint, Zulip's Slack integration) accept too: {@code text} always, for notifications
 * and for receivers that ignore blocks, and {@code blocks} with the sentence, the levels behind it and the chart link.
 * Text is escaped as Slack's mrkdwn requires ({@code & < >}); the link uses Slack's {@code <url|label>} form, which
 * needs no escaping because a URI cannot contain {@code < > |}.
 *
 * @param sentence the change in one sentence
 * @param details the levels before and after, with the days behind them
 * @param chart where the chart of the series is, when Greenboard's public address is known
 */
public record SlackMessage(String sentence, String details, Optional<URI> chart) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    public SlackMessage {
        Objects.requireNonNull(sentence, "sentence");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(chart, "chart");
    }

    /**
     * @param baseUrl Greenboard's public address ({@code https://ci.example.org}), if configured
     * @param chartPath the chart's path and query under it, starting with {@code /}, already URL-encoded
     */
    public static SlackMessage of(ChangeSentence sentence, Change change, Optional<String> baseUrl,
            String chartPath) {
        if (!chartPath.startsWith("/")) {
            throw new IllegalArgumentException("Chart path[" + chartPath + "] must start with /");
        }
        String statistic = change.level() == LevelStatistic.MEDIAN ? "Median" : "Mean";
        MetricUnit unit = sentence.unit();
        String details = statistic + " before: " + unit.format(change.before()) + " (" + days(change.daysBefore())
                + "). " + statistic + " since " + DAY.format(change.day()) + ": " + unit.format(change.after()) + " ("
                + days(change.daysAfter()) + ").";
        Optional<URI> chart = baseUrl.map(base -> URI.create(base.replaceAll("/+$", "") + chartPath));
        return new SlackMessage(sentence.describe(change), details, chart);
    }

    private static String days(int count) {
        return count == 1 ? "1 day" : count + " days";
    }

    /** The webhook body as a JSON tree. */
    public ObjectNode body() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode body = nodes.objectNode();
        body.put("text", escape(sentence) + chart.map(uri -> " " + uri.toASCIIString()).orElse(""));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        ObjectNode sectionText = section.putObject("text");
        sectionText.put("type", "mrkdwn");
        sectionText.put("text", "*" + escape(sentence) + "*");
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        ObjectNode contextText = context.putArray("elements").addObject();
        contextText.put("type", "mrkdwn");
        contextText.put("text",
                escape(details) + chart.map(uri -> " <" + uri.toASCIIString() + "|Open the chart>").orElse(""));
        return body;
    }

    /** The webhook body as JSON text, to POST with {@code Content-Type: application/json}. */
    public String json() {
        try {
            return JSON.writeValueAsString(body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree of strings always serializes", e);
        }
    }

    /** Slack's mrkdwn escapes: only these three characters have to be. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
