package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/**
 * The named-queries pages on {@link UiHistory}: slowest_tests lists test_conv (4.0, 4.2, 4.1, 4.0 s: mean 4.075),
 * test_add (mean 3.2) and test_mul.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class NamedQueriesPageTest extends BrowserPageTest {

    NamedQueriesPageTest() {
        super("queries", 1280, 900);
    }

    @Test
    void runsSlowestTestsWithDefaultsAndTheCsvLinkWorks() {
        Browser.go(page, "/queries");
        page.locator(".queries-list a", new Page.LocatorOptions().setHasText("slowest_tests")).click();
        page.waitForURL("**/queries/slowest_tests");
        Browser.waitReady(page);
        assertThat(page.locator("#param-days")).hasValue("14");
        assertThat(page.locator("#param-limit")).hasValue("50");
        assertThat(page.locator("#param-days")).hasAttribute("type", "number");
        assertThat(page.locator("#result .state.empty")).containsText("Fill in repo");

        page.getByLabel("repo").fill(history.repo);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Run")).click();
        page.waitForURL("**repo=**");
        Browser.waitReady(page);
        assertThat(page.locator(".result-table tbody tr")).hasCount(3);
        assertEquals(List.of("file", "classname", "name", "runs", "mean_seconds", "max_seconds"),
                page.locator(".result-table thead th").allTextContents());
        assertEquals(List.of("test_nn.py", "TestNN", "test_conv", "4", "4.075", "4.200"),
                page.locator(".result-table tbody tr").first().locator("td").allTextContents());
        Browser.screenshot(page, "queries", true);

        String csv = page.locator("a.csv-link").getAttribute("href");
        assertTrue(csv.contains("format=csv") && csv.contains("limit=50"), csv);
        APIResponse response = page.request().get(csv);
        assertEquals(200, response.status());
        assertTrue(response.headers().get("content-type").startsWith("text/csv"), response.headers().toString());
        assertTrue(response.text().startsWith("file,classname,name,runs,mean_seconds,max_seconds\r\n"),
                response.text());
        assertTrue(response.text().contains("test_conv"), response.text());
    }

    @Test
    void parametersAreInTheUrlAndSurviveAReload() {
        Browser.go(page, "/queries/slowest_tests?repo=" + history.repo + "&limit=1");
        assertThat(page.locator(".result-table tbody tr")).hasCount(1);
        page.reload();
        Browser.waitReady(page);
        assertThat(page.locator("#param-limit")).hasValue("1");
        assertThat(page.locator(".result-table tbody tr")).hasCount(1);
        assertThat(page.locator(".result-table tbody td").nth(2)).hasText("test_conv");
    }

    @Test
    void unknownQueryAndBadInputSayWhatToDo() {
        Browser.go(page, "/queries/no_such_query");
        assertThat(page.locator(".state.error")).containsText("list of named queries");
        Browser.go(page, "/queries/slowest_tests?repo=" + history.repo + "&limit=abc");
        assertThat(page.locator("#result .state.error")).isVisible();
    }

    @Test
    void phoneWidth() {
        page.setViewportSize(390, 844);
        Browser.go(page, "/queries/slowest_tests?repo=" + history.repo);
        assertEquals(Boolean.FALSE,
                page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"));
    }
}
