package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/** The job page, and the path a reader follows by clicks: HUD → cell → job → failed test → its history. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class JobPageTest extends BrowserPageTest {

    JobPageTest() {
        super("job", 1280, 900);
    }

    @Test
    void jobPageShowsTimesStepsReportsAndFailedTests() {
        Browser.go(page, "/job/" + history.failedTestJob);
        assertThat(page.locator("h1")).containsText("pull / " + UiHistory.TEST1);
        assertThat(page.locator("h1 .badge.s-FAILURE")).containsText("completed · failure");
        assertThat(page.locator(".facts dd.queue")).hasText("1m 00s");
        assertThat(page.locator(".facts dd.duration")).hasText("10m 00s");
        assertThat(page.locator(".facts")).containsText("linux.2xlarge");
        assertThat(page.locator(".facts a[href='/commit/" + history.repo + "/" + history.c2 + "']")).hasText(
                history.c2.substring(0, 7));
        assertThat(page.locator(".test-summary")).hasText(
                "3 tests in 1 report: 2 passed, 1 failed, 0 errors, 0 skipped, 0 flaky.");
        assertThat(page.locator(".failed-tests li")).hasCount(1);
        assertThat(page.locator(".failed-tests pre.msg")).hasText(UiHistory.FAILURE_MESSAGE);
        assertThat(page.locator("#steps-h + .table-wrap tbody tr")).hasCount(1);
        assertThat(page.locator("#steps-h + .table-wrap tbody")).containsText("Checkout");
        // The job page learns its repository from the data: the navigation offers that repository's pages.
        assertThat(page.locator("#nav a[href='/tests/" + history.repo + "']")).hasCount(1);
        Browser.screenshot(page, "job", true);
    }

    @Test
    void fromTheHudToATestsHistoryByClicks() {
        Browser.go(page, "/hud/" + history.repo + "/main");
        page.locator(".hud-grid tbody tr[data-sha='" + history.c2 + "'] td.c").nth(1).click();
        page.waitForURL("**/job/" + history.failedTestJob);
        Browser.waitReady(page);
        assertThat(page.locator("h1")).containsText(UiHistory.TEST1);

        page.locator(".failed-tests a.test-link").click();
        page.waitForURL("**/test/" + history.repo + "?**");
        Browser.waitReady(page);
        assertThat(page.locator("h1")).hasText("test_add");
        assertEquals(List.of("PASSED", "FAILED", "FAILED", "PASSED"),
                page.locator(".history-strip .sq").evaluateAll("as => as.map(a => a.dataset.status)"));
        assertThat(page.locator("#duration-chart")).hasAttribute("data-points", "4");

        // Back to the job that failed on c2, from its square in the strip.
        page.locator(".history-strip .sq").nth(2).click();
        page.waitForURL("**/job/" + history.failedTestJob);
    }

    @Test
    void unknownJobSaysWhereJobsComeFrom() {
        Browser.go(page, "/job/1");
        assertThat(page.locator(".state.empty h2")).hasText("No job 1");
        assertThat(page.locator(".state.empty")).containsText("workflow_job");
    }
}
