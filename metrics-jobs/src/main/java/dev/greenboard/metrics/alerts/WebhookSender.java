package dev.greenboard.metrics.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/** POSTs a change's Slack-compatible JSON to one configured webhook at a time. */
@ApplicationScoped
class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final HttpClient client;
    private final List<Webhook> webhooks;
    private final Duration timeout;

    @Inject
    WebhookSender(AlertsConfig config) {
        this(config.webhookUrls().orElse(List.of()), Duration.ofSeconds(config.webhookTimeoutSeconds()));
    }

    WebhookSender(List<String> configuredUrls, Duration timeout) {
        List<String> urls = configuredUrls.stream().map(String::strip).filter(u -> !u.isEmpty()).distinct().toList();
        this.webhooks = IntStream.range(0, urls.size())
                .mapToObj(i -> new Webhook(i + 1, URI.create(urls.get(i)), fingerprint(urls.get(i)))).toList();
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The configured webhooks, in the order of the setting. */
    List<Webhook> webhooks() {
        return webhooks;
    }

    /**
     * Sends {@code json} to {@code webhook}; true when it answered 2xx. A failure is logged by the webhook's position
     * in the setting, never by its address, which is a secret for Slack.
     */
    boolean send(Webhook webhook, String json) {
        HttpRequest request = HttpRequest.newBuilder(webhook.url()).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.warnf("Change alert webhook #%d answered HTTP %d; the change is sent to it again on the next run",
                        webhook.position(), response.statusCode());
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.warnf("Change alert webhook #%d failed (%s); the change is sent to it again on the next run",
                    webhook.position(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The SHA-256 of the URL in hex: what {@code metric_change_delivery} records instead of the secret address. */
    static String fingerprint(String url) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /**
     * One configured webhook.
     *
     * @param position its place in {@code greenboard.alerts.webhook-urls}, from 1, for log messages
     * @param fingerprint {@link #fingerprint(String)} of its URL
     */
    record Webhook(int position, URI url, String fingerprint) {
    }
}
