package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/** The test health page on {@link UiHistory}: TestOps.test_add failed, then passed on a rerun (c3), so it is flaky. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TestHealthPageTest extends BrowserPageTest {

    TestHealthPageTest() {
        super("health", 1280, 900);
    }

    @Override
    void afterHistory() {
        MetricsPageTest.runAll();
    }

    @Test
    void listsTheFlakyTestWithItsStateAndLinksToItsHistory() {
        Browser.go(page, "/flaky/" + history.repo + "?days=7");
        Locator rows = page.locator("#flaky tr.health-row");
        assertThat(rows).hasCount(1);
        Locator row = rows.first();
        assertThat(row.locator("th a")).hasText("TestOps.test_add (test_ops.py)");
        assertThat(row.locator("[data-state]")).hasAttribute("data-state", "FLAKY");
        assertThat(row.locator("td").nth(1)).containsText("rerun");
        assertTrue(row.locator("td.wilson").textContent().matches("\\d+\\.\\d–\\d+\\.\\d %"),
                row.locator("td.wilson").textContent());
        // No test of this history is slow enough for the slow-tests list (about 4 s at most).
        assertThat(page.locator("#slow .state.empty")).containsText("No test is listed as slow");
        Browser.screenshot(page, "flaky", true);

        row.locator("th a").click();
        page.waitForURL("**/test/" + history.repo + "?file=test_ops.py&classname=TestOps&name=test_add");
        Browser.waitReady(page);
        assertThat(page.locator("h1")).hasText("test_add");
    }

    @Test
    void platformPickerIsInTheUrl() {
        Browser.go(page, "/flaky/" + history.repo);
        page.getByLabel("Platform").selectOption("windows");
        page.waitForURL("**platform=windows**");
        Browser.waitReady(page);
        assertThat(page.locator("#platform-h")).hasText("Tests failing mostly on windows");
        assertThat(page.locator("#platform .state.empty")).containsText("test reports");
        page.reload();
        Browser.waitReady(page);
        assertThat(page.getByLabel("Platform")).hasValue("windows");
    }

    @Test
    void anyWindowUpToTheRetentionIsAnsweredAndALongerOneSaysWhatToChange() {
        Browser.go(page, "/flaky/" + history.repo + "?days=3");
        assertThat(page.locator("#flaky-h")).containsText("last 3 days");
        assertThat(page.locator("#flaky .state.error")).hasCount(0);
        Browser.go(page, "/flaky/" + history.repo + "?days=91");
        assertThat(page.locator("#flaky .state.error")).containsText("Change the value");
    }

    @Test
    void phoneWidth() {
        page.setViewportSize(390, 844);
        Browser.go(page, "/flaky/" + history.repo);
        assertEquals(Boolean.FALSE,
                page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"));
    }
}
