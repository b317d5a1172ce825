package dev.greenboard.metrics.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/** POSTs a change's Slack-compatible JSON to every configured webhook. */
@ApplicationScoped
class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final HttpClient client;
    private final List<String> urls;
    private final Duration timeout;

    WebhookSender(AlertsConfig config) {
        this.urls = config.webhookUrls().orElse(List.of()).stream().filter(u -> !u.isBlank()).toList();
        this.timeout = Duration.ofSeconds(config.webhookTimeoutSeconds());
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    boolean configured() {
        return !urls.isEmpty();
    }

    /**
     * Sends {@code json} to every webhook; true when each answered 2xx. A webhook that failed is logged (without
     * its address, which is a secret for Slack) and the change is tried again on the next run.
     */
    boolean send(String json) {
        boolean all = true;
        for (int i = 0; i < urls.size(); i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get(i))).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 != 2) {
                    LOG.warnf("Change alert webhook #%d answered HTTP %d; the change is sent again on the next run",
                            i + 1, response.statusCode());
                    all = false;
                }
            } catch (IOException e) {
                LOG.warnf("Change alert webhook #%d failed (%s); the change is sent again on the next run", i + 1,
                        e.getMessage());
                all = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return all;
    }
}
