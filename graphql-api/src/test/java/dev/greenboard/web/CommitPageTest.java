package dev.greenboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/** The commit and pull request pages: numbers, statuses, failed tests first, the timeline, every PR head. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class CommitPageTest extends BrowserPageTest {

    CommitPageTest() {
        super("commit", 1280, 900);
    }

    @Test
    void commitPageListsFailedJobsFirstWithTheirTests() {
        Browser.go(page, "/commit/" + history.repo + "/" + history.c2);
        assertThat(page.locator("h1")).hasText("Fuse add and mul kernels");
        assertThat(page.locator(".facts")).containsText(history.c2);
        assertThat(page.locator(".facts")).containsText("bob");
        Locator counts = page.locator(".job-counts");
        assertThat(counts).containsText("5 jobs");
        assertThat(counts.locator(".count.s-FAILURE")).containsText("1");
        assertThat(counts.locator(".count.s-CANCELLED")).containsText("1");
        assertThat(counts.locator(".count.s-SUCCESS")).containsText("3");

        // Failed jobs come before the per-workflow tables, with the failed test and its message.
        Locator failed = page.locator("section.failed");
        assertThat(failed.locator("h2")).hasText("Failed jobs (1)");
        assertThat(failed.locator(".failed-job h3 a")).hasText("pull / " + UiHistory.TEST1);
        assertThat(failed.locator(".failed-tests a")).hasText("TestOps.test_add (test_ops.py)");
        assertThat(failed.locator(".failed-tests a")).hasAttribute("href",
                "/test/" + history.repo + "?file=test_ops.py&classname=TestOps&name=test_add");
        assertThat(failed.locator("pre.msg")).hasText(UiHistory.FAILURE_MESSAGE);
        assertEquals(Boolean.TRUE, page.evaluate(
                "() => !!(document.querySelector('section.failed').compareDocumentPosition("
                        + "document.getElementById('wf-h')) & Node.DOCUMENT_POSITION_FOLLOWING)"));

        // Jobs grouped by workflow, with status and times.
        assertEquals(List.of("pull", "trunk"), page.locator("section.workflow h3").evaluateAll(
                "hs => hs.map(h => h.firstChild.textContent.trim())"));
        Locator failedRow = page.locator("tr.job-row[data-job='" + history.failedTestJob + "']");
        assertThat(failedRow.locator(".badge")).containsText("failure");
        assertEquals(List.of("1m 00s", "10m 00s"), failedRow.locator("td.num").allTextContents().subList(1, 3));
        assertThat(failedRow.locator("td.num").nth(3)).containsText("2 passed, 1 failed of 3");
        assertThat(page.locator("tr.job-row[data-job='" + history.winCancelled + "'] .badge"))
                .containsText("cancelled");

        // One timeline bar per job execution.
        assertThat(page.locator(".timeline .tl-row")).hasCount(5);
        assertThat(page.locator(".timeline .bar.run.s-FAILURE")).hasCount(1);
        Browser.screenshot(page, "commit", true);
    }

    @Test
    void aFlakyCommitShowsBothAttempts() {
        Browser.go(page, "/commit/" + history.repo + "/" + history.c3.substring(0, 10));
        assertThat(page.locator("h1")).hasText("Speed up CI (#42)");
        assertThat(page.locator(".job-counts")).containsText("5 jobs (6 runs with reruns)");
        assertThat(page.locator(".job-counts .count.s-FLAKY")).containsText("1");
        assertThat(page.locator(".job-counts .count.s-TIMED_OUT")).containsText("1");
        assertThat(page.locator("section.failed h2")).hasText("Failed jobs (2)");
        assertThat(page.locator("section.failed")).containsText("RuntimeError: boom");
        assertThat(page.locator(".facts a[href='/pr/" + history.repo + "/42']")).hasText("#42");
        assertThat(page.locator(".timeline .tl-row")).hasCount(6);
    }

    @Test
    void unknownCommitSaysWhereCommitsComeFrom() {
        Browser.go(page, "/commit/" + history.repo + "/abcdef0123456");
        assertThat(page.locator(".state.empty h2")).containsText("No commit abcdef0123456");
        assertThat(page.locator(".state.empty a[href='/help']")).hasCount(1);
    }

    @Test
    void pullRequestPageShowsEveryHeadNewestFirst() {
        Browser.go(page, "/commit/" + history.repo + "/" + history.c3);
        page.locator(".facts a[href='/pr/" + history.repo + "/42']").click();
        page.waitForURL("**/pr/" + history.repo + "/42");
        Browser.waitReady(page);
        assertThat(page.locator("h1")).hasText("#42 Speed up CI");
        assertThat(page.locator(".facts")).containsText("speed-up-ci");
        assertEquals(List.of(history.p2, history.p1), page.locator(".pr-commits tbody tr")
                .evaluateAll("rows => rows.map(r => r.dataset.sha)"));
        Locator head = page.locator(".pr-commits tbody tr").first();
        assertThat(head.locator(".tag")).hasText("head");
        assertThat(head.locator(".count.s-SUCCESS")).containsText("2");
        assertThat(head.locator(".strip .sq")).hasCount(2);
        Locator first = page.locator(".pr-commits tbody tr").nth(1);
        assertThat(first.locator(".count.s-FAILURE")).containsText("1");
        assertThat(first.locator(".strip .sq.s-FAILURE")).hasAttribute("title", "pull / linux / build: failure");
        Browser.screenshot(page, "pull-request", true);
    }

    @Test
    void pagesWorkAtPhoneWidth() {
        Page phone = browser.open(base, 390, 844);
        try {
            Browser.go(phone, "/commit/" + history.repo + "/" + history.c2);
            assertThat(phone.locator("section.failed h2")).hasText("Failed jobs (1)");
            Object overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
            assertEquals(0, Math.max(0, ((Number) overflow).intValue()), "the page must not scroll sideways");
            Browser.screenshot(phone, "commit-phone");
        } finally {
            phone.context().close();
        }
    }
}
