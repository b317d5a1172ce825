package dev.greenboard.metrics.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Two Slack-compatible incoming webhooks (one WireMock, paths {@link #SLACK} and {@link #TEAM}) the alerts of the
 * test application are posted to.
 */
public class WebhookStandIn implements QuarkusTestResourceLifecycleManager {

    static final String SLACK = "/hooks/slack";
    static final String TEAM = "/hooks/team";

    static volatile WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(post(urlPathEqualTo(SLACK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        server.stubFor(post(urlPathEqualTo(TEAM)).willReturn(aResponse().withStatus(200).withBody("ok")));
        return Map.of("greenboard.alerts.webhook-urls", url(SLACK) + "," + url(TEAM),
                "greenboard.alerts.base-url", "https://ci.example.org");
    }

    static String url(String path) {
        return "http://localhost:" + server.port() + path;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
