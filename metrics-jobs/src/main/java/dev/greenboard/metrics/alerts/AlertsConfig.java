package dev.greenboard.metrics.alerts;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of change alerts (docs/metrics.md#change-alerts). */
@ConfigMapping(prefix = "greenboard.alerts")
public interface AlertsConfig {

    /**
     * Slack-compatible incoming webhooks every new change is POSTed to (JSON with {@code text} and {@code blocks});
     * none: changes are only stored and shown.
     */
    Optional<List<String>> webhookUrls();

    /** Greenboard's public address, for the chart link of a message ({@code https://ci.example.org}). */
    Optional<String> baseUrl();

    /** Days of each daily series the detector looks at. */
    @WithDefault("90")
    int days();

    /** The newest change alerts only when its first day is within this many days (today included). */
    @WithDefault("7")
    int recentDays();

    /** Per repository and metric, the keys (jobs, labels) with the most samples that are tested. */
    @WithDefault("200")
    int maxKeys();

    /** How long a POST to a webhook may take. */
    @WithDefault("10")
    int webhookTimeoutSeconds();
}
