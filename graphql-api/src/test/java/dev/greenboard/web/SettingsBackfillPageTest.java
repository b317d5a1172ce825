package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.assertions.LocatorAssertions;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.greenboard.api.sync.GitHubApiStandIn;
import dev.greenboard.api.sync.GitHubSyncProfile;
import dev.greenboard.ingest.githubapi.GitHubApiFixtures.History;
import dev.greenboard.ingest.githubapi.GitHubApiServer;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * The settings page's Backfill section: no backfill yet, a start refused without a token, then started with one and
 * followed live until done, with the numbers the backfill reports.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(GitHubSyncProfile.class)
class SettingsBackfillPageTest extends BrowserPageTest {

    @Inject
    AgroalDataSource dataSource;

    History github;

    SettingsBackfillPageTest() {
        super("settings-backfill", 1280, 1400);
    }

    @Override
    void afterHistory() {
        // The same repository on GitHub: its id is the one the history's webhooks gave it.
        long githubId = new Sql(dataSource).count("select github_id from repository where full_name = ?",
                history.repo);
        github = GitHubApiServer.FIXTURES.history(history.repo).repoId(githubId)
                .start(Instant.parse("2026-11-20T00:00:00Z")).every(Duration.ofMinutes(30)).commits(12)
                .rerunEvery(4).failEvery(5).firstIds(95_001_000L, 950_010_000L).build();
        GitHubApiStandIn.github.serve(github);
    }

    @Test
    void aBackfillIsStartedWithATokenAndItsProgressFollowedUntilDone() {
        Browser.go(page, "/settings/" + history.repo);
        assertThat(page.locator("#backfill h2")).hasText("Backfill");
        assertThat(page.locator("#backfill-none")).hasText("No backfill yet.");

        page.locator("#backfill-since").fill("2026-11-19");
        page.locator("#backfill-token").fill("");
        page.locator("#backfill-start").click();
        assertThat(page.locator("#backfill-result")).containsText("Enter an ingest token");

        page.locator("#backfill-token").fill("test-token-1");
        page.locator("#backfill-start").click();
        assertThat(page.locator("#backfill-result")).containsText("started");
        assertThat(page.locator(".backfill-state")).hasAttribute("data-state", "DONE",
                new LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
        assertThat(page.locator("[data-field=commitsStored]")).hasText("12");
        assertThat(page.locator("[data-field=jobsStored]")).hasText(Integer.toString(github.allJobs().size()));
        assertThat(page.locator("[data-field=runsRead]")).hasText("12 of 12");
        assertThat(page.locator("[data-field=rateLimitRemaining]")).hasText("4999");
        Browser.screenshot(page, "settings-backfill", true);

        // The latest backfill is shown when the page opens again.
        page.reload();
        Browser.waitReady(page);
        assertThat(page.locator(".backfill-state")).hasAttribute("data-state", "DONE");
    }
}
