package dev.greenboard.metrics.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A Slack-compatible incoming webhook (WireMock) the alerts of the test application are posted to. */
public class WebhookStandIn implements QuarkusTestResourceLifecycleManager {

    static volatile WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(post(urlPathEqualTo("/hooks/slack")).willReturn(aResponse().withStatus(200).withBody("ok")));
        return Map.of("greenboard.alerts.webhook-urls", "http://localhost:" + server.port() + "/hooks/slack",
                "greenboard.alerts.base-url", "https://ci.example.org");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
