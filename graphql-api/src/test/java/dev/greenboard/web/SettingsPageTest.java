package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/**
 * The settings page: defaults marked as such, an edit saved with a token, and an edit made meanwhile reported; tile
 * thresholds edited and followed by the metrics page. The rollups run once after the history, so that the tiles have
 * their values: on main 2 of 3 finished commits are broken (66.7 % red, see MetricsPageTest).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SettingsPageTest extends BrowserPageTest {

    SettingsPageTest() {
        super("settings", 1280, 900);
    }

    @Override
    void afterHistory() {
        MetricsPageTest.runAll();
    }

    @Test
    void tileThresholdsAreEditedHereAndColourTheMetricsPage() {
        Browser.go(page, "/settings/" + history.repo);
        Locator red = page.locator("#thresholds tr[data-tile='red_rate']");
        // Every tile, with the defaults in force: red_rate amber from 10 %, red from 20 %.
        assertThat(page.locator("#thresholds tr[data-tile]")).hasCount(10);
        assertThat(page.locator("#threshold-red_rate-amber")).hasValue("10");
        assertThat(page.locator("#threshold-red_rate-red")).hasValue("20");
        assertThat(red.locator("td.unit")).hasText("%");
        assertThat(red.locator(".origin")).hasText("default");
        assertThat(page.locator("#threshold-time_since_green-red")).hasValue("6");
        assertThat(page.locator("tr[data-tile='time_since_green'] td.unit")).hasText("hours");
        assertThat(page.locator("#threshold-commits-amber")).hasValue("");
        assertThat(page.locator("tr[data-tile='commits'] .origin")).hasText("no thresholds");

        // amber above red: the mutation's error is shown beside the tile, and nothing is saved.
        page.locator("#threshold-red_rate-amber").fill("95");
        page.locator("#threshold-red_rate-red").fill("90");
        page.locator("#thresholds-token").fill("test-token-1");
        page.locator("#thresholds-save").click();
        assertThat(page.locator("#threshold-red_rate-error")).containsText("0 <= amber <= red");
        assertThat(page.locator("#thresholds-result")).containsText("Saved 0 of 1 tiles");
        assertThat(red.locator(".origin")).hasText("default");

        page.locator("#threshold-red_rate-amber").fill("50");
        page.locator("#threshold-time_since_green-red").fill("12");
        page.locator("#thresholds-save").click();
        assertThat(page.locator("#thresholds-result")).hasText("Saved 2 tiles.");
        assertThat(page.locator("#threshold-red_rate-error")).hasText("");
        assertThat(red.locator(".origin")).hasText("set for this repository");

        page.reload();
        Browser.waitReady(page);
        assertThat(page.locator("#threshold-red_rate-amber")).hasValue("50");
        assertThat(page.locator("#threshold-red_rate-red")).hasValue("90");
        assertThat(red.locator(".origin")).hasText("set for this repository");
        assertThat(page.locator("#threshold-time_since_green-amber")).hasValue("3");
        assertThat(page.locator("#threshold-time_since_green-red")).hasValue("12");
        assertThat(page.locator("tr[data-tile='broken_rate'] .origin")).hasText("default");
        Browser.screenshot(page, "settings-thresholds", true);

        // 66.7 % red was red (from 20 %); from 50 % amber and 90 % red it is amber.
        Browser.go(page, "/metrics/" + history.repo);
        assertThat(page.locator("#tile-red_rate")).hasAttribute("data-level", "AMBER");
        assertThat(page.locator("#tile-red_rate .tile-note")).hasText("amber from 50 %, red from 90 %");
        assertThat(page.locator("#tile-broken_rate")).hasAttribute("data-level", "RED");

        // Both fields emptied: back to the defaults, and the tile is red again.
        Browser.go(page, "/settings/" + history.repo);
        page.locator("#threshold-red_rate-amber").fill("");
        page.locator("#threshold-red_rate-red").fill("");
        page.locator("#thresholds-save").click();
        assertThat(page.locator("#thresholds-result")).hasText("Saved 1 tile.");
        assertThat(page.locator("#threshold-red_rate-amber")).hasValue("10");
        assertThat(red.locator(".origin")).hasText("default");
        Browser.go(page, "/metrics/" + history.repo);
        assertThat(page.locator("#tile-red_rate")).hasAttribute("data-level", "RED");
    }

    @Test
    void anEditIsSavedWithATokenAndShownAsSetForTheRepository() {
        Browser.go(page, "/settings/" + history.repo);
        assertThat(page.locator("[data-field='blockingWorkflows'] .origin")).hasText("configured default");
        assertThat(page.locator("#setting-defaultBranch")).hasValue("main");

        page.locator("#setting-blockingWorkflows").fill("pull\ntrunk");
        page.locator("#settings-form button[type=submit]").click();
        assertThat(page.locator("#settings-result")).containsText("Enter an ingest token");

        page.locator("#setting-token").fill("test-token-1");
        page.locator("#settings-form button[type=submit]").click();
        assertThat(page.locator("#settings-result")).hasText("Saved: version 1.");
        assertThat(page.locator("[data-field='blockingWorkflows'] .origin")).hasText("set for this repository");
        assertThat(page.locator("#setting-blockingWorkflows")).hasValue("pull\ntrunk");
        assertThat(page.locator("[data-field='defaultBranch'] .origin")).hasText("configured default");
        Browser.screenshot(page, "settings", true);

        // Someone else changes the settings; this page still shows version 1 and must not overwrite them.
        given().auth().oauth2("test-token-1").contentType("application/json").body(Map.of("query", """
                mutation($repo: String!) { updateRepositorySettings(repo: $repo, version: 1,
                  settings: { hudColumnGroups: ["Linux=linux"] }) { version } }""", "variables",
                Map.of("repo", history.repo))).post("/graphql").then().statusCode(200);
        page.locator("#setting-defaultBranch").fill("trunk");
        page.locator("#settings-form button[type=submit]").click();
        assertThat(page.locator("#settings-result")).containsText("changed since they were read");

        page.reload();
        Browser.waitReady(page);
        assertThat(page.locator("#setting-hudColumnGroups")).hasValue(String.join("\n", List.of("Linux=linux")));
        assertThat(page.locator("#setting-defaultBranch")).hasValue("main");
    }
}
