package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/** Test search and one test's history: status strip, counts, duration chart (ECharts from the webjar), results. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TestHistoryPageTest extends BrowserPageTest {

    TestHistoryPageTest() {
        super("tests", 1280, 900);
    }

    private String historyPath() {
        return "/test/" + history.repo + "?file=test_ops.py&classname=TestOps&name=test_add";
    }

    @Test
    void searchFindsTestsAndTheQueryIsInTheUrl() {
        Browser.go(page, "/tests/" + history.repo + "?q=test_");
        assertEquals(List.of("test_add", "test_conv", "test_mul"),
                page.locator(".tests-table tbody th a").allTextContents().stream().sorted().toList());
        page.getByLabel("File, class or test name contains").fill("TestNN");
        page.getByLabel("File, class or test name contains").press("Enter");
        page.waitForURL("**/tests/" + history.repo + "?q=TestNN");
        Browser.waitReady(page);
        assertEquals(List.of("test_conv"), page.locator(".tests-table tbody th a").allTextContents());
        assertThat(page.locator(".tests-table tbody td").first()).hasText("TestNN");

        Browser.go(page, "/tests/" + history.repo + "?q=no_such_test");
        assertThat(page.locator(".state.empty h2")).containsText("matches \"no_such_test\"");
        assertThat(page.locator(".state.empty")).containsText("POST /api/v1/test-reports");
    }

    @Test
    void historyShowsAStripNewestFirstCountsAndADurationChart() {
        Browser.go(page, historyPath());
        assertThat(page.locator("h1")).hasText("test_add");
        assertThat(page.locator(".facts")).containsText("TestOps");
        assertThat(page.locator(".facts")).containsText("test_ops.py");
        assertEquals(List.of("PASSED", "FAILED", "FAILED", "PASSED"),
                page.locator(".history-strip .sq").evaluateAll("as => as.map(a => a.dataset.status)"));
        assertEquals(List.of("✓", "✗", "✗", "✓"), page.locator(".history-strip .sq span[aria-hidden]")
                .allTextContents());
        assertThat(page.locator(".history-counts")).containsText("2 passed, 2 failed.");
        assertThat(page.locator(".history-counts")).containsText("Failure rate 50.0%");

        // The chart is drawn by ECharts, served from the webjar in the app.
        assertThat(page.locator("#duration-chart")).hasAttribute("data-points", "4");
        assertThat(page.locator("#duration-chart canvas")).hasCount(1);
        assertEquals(Boolean.TRUE, page.evaluate("() => typeof window.echarts === 'object'"));

        assertThat(page.locator("#results-h + .table-wrap tbody tr")).hasCount(4);
        assertThat(page.locator("#results-h + .table-wrap tbody tr").nth(2)).containsText(UiHistory.FAILURE_MESSAGE);
        assertThat(page.locator("#results-h + .table-wrap tbody tr").nth(2)).containsText("3.5 s");
        Browser.screenshot(page, "test-history", true);
    }

    @Test
    void branchFilterIsAFormInTheUrl() {
        Browser.go(page, historyPath());
        page.getByLabel("Only branch").fill("no-such-branch");
        page.getByLabel("Only branch").press("Enter");
        page.waitForURL("**branch=no-such-branch**");
        Browser.waitReady(page);
        assertThat(page.locator(".state.empty h2")).hasText("No results for test_add on no-such-branch");
        assertTrue(page.url().contains("name=test_add"), page.url());

        Browser.go(page, historyPath() + "&branch=main");
        assertThat(page.locator(".history-strip .sq")).hasCount(4);
    }

    @Test
    void theChartLibraryIsServedFromTheApp() {
        var response = page.request().get("/webjars/echarts/5.3.1/dist/echarts.min.js");
        assertEquals(200, response.status());
        assertTrue(response.headers().get("content-type").contains("javascript"),
                response.headers().get("content-type"));
    }
}
