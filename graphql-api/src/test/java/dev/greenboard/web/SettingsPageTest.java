package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/** The settings page: defaults marked as such, an edit saved with a token, and an edit made meanwhile reported. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SettingsPageTest extends BrowserPageTest {

    SettingsPageTest() {
        super("settings", 1280, 900);
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
