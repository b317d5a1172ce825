package dev.greenboard.app.demo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;

import dev.greenboard.ingest.generator.CiHistoryGenerator;
import dev.greenboard.ingest.generator.GeneratedEvent;
import dev.greenboard.ingest.generator.HistorySettings;
import dev.greenboard.ingest.github.WebhookIngestService;
import dev.greenboard.ingest.http.SpooledBody;
import dev.greenboard.ingest.report.ReportFormat;
import dev.greenboard.ingest.report.TestReportIngestService;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.model.config.GreenboardConfig;

/**
 * {@code GREENBOARD_DEMO=true}: an empty database gets a generated history at start (README.md "Configuration") — a few days of
 * commits, jobs and tests with planted failures and flakes — sent through the same ingest services as real data, then
 * rolled up, so that a first look shows a full HUD, charts and test pages.
 */
@ApplicationScoped
public class DemoSeeder {

    static final String DEMO_REPO = "greenboard/demo";
    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);

    private final GreenboardConfig config;
    private final AgroalDataSource dataSource;
    private final WebhookIngestService webhooks;
    private final TestReportIngestService reports;
    private final RollupRunner jobs;
    private final ObjectMapper json;

    public DemoSeeder(GreenboardConfig config, AgroalDataSource dataSource, WebhookIngestService webhooks,
            TestReportIngestService reports, RollupRunner jobs, ObjectMapper json) {
        this.config = config;
        this.dataSource = dataSource;
        this.webhooks = webhooks;
        this.reports = reports;
        this.jobs = jobs;
        this.json = json;
    }

    /** After the partitions exist (default priority), before the ready line. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) throws Exception {
        if (!config.demo()) {
            return;
        }
        if (!isEmpty()) {
            LOG.info("GREENBOARD_DEMO is set but the database has data: no demo history is added");
            return;
        }
        long started = System.nanoTime();
        HistorySettings settings = HistorySettings.demo(DEMO_REPO, Instant.now().truncatedTo(ChronoUnit.MINUTES));
        int[] counts = new int[3];
        new CiHistoryGenerator(settings).generate(generated -> {
            try {
                if (generated instanceof GeneratedEvent.Webhook webhook) {
                    webhooks.ingest(webhook.deliveryId(), webhook.event(), json.readTree(webhook.body()),
                            new String(webhook.body(), StandardCharsets.UTF_8));
                    counts[0]++;
                } else if (generated instanceof GeneratedEvent.Report report) {
                    try (SpooledBody body = SpooledBody.read(new java.io.ByteArrayInputStream(report.jsonLines()),
                            null, Long.MAX_VALUE)) {
                        reports.ingest(report.source(), ReportFormat.JSON_LINES, body, null);
                    }
                    counts[1]++;
                    counts[2] += report.testCases();
                }
            } catch (Exception e) {
                throw new IllegalStateException("Seeding the demo history failed", e);
            }
        });
        jobs.runAll(false);
        LOG.infof("Demo history for [%s]: %d commits, %d webhook deliveries, %d reports with %d test results,"
                + " rolled up in %d s", DEMO_REPO, settings.commits(), counts[0], counts[1], counts[2],
                (System.nanoTime() - started) / 1_000_000_000L);
    }

    private boolean isEmpty() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select not exists (select 1 from repository)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
