package dev.greenboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every page test shares: one headless Chromium per class (the class is skipped where none is installed), the
 * class's own {@link UiHistory} sent once before its first test, a fresh page per test, and at the end the checks that
 * no page loaded anything from the internet and that the Content-Security-Policy blocked nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserPageTest {

    @TestHTTPResource("/")
    URL base;

    Browser browser;
    UiHistory history;
    Page page;

    private final String historyName;
    private final int width;
    private final int height;

    /** @param historyName names the repository of the class's history, so classes never see each other's data */
    BrowserPageTest(String historyName, int width, int height) {
        this.historyName = historyName;
        this.width = width;
        this.height = height;
    }

    /** Runs once after the history is sent, before the first page opens. */
    void afterHistory() {
    }

    @BeforeAll
    void startBrowser() {
        browser = Browser.launch();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            assertEquals(List.of(), browser.externalRequests(), "pages must load nothing from the internet");
            assertEquals(List.of(), browser.policyViolations(), "the pages' Content-Security-Policy blocked nothing");
            browser.close();
        }
    }

    /** The history is sent before the first test, not in @BeforeAll: RestAssured knows the app's port from then on. */
    @BeforeEach
    void openPage() {
        if (history == null) {
            history = UiHistory.build(historyName);
            afterHistory();
        }
        page = browser.open(base, width, height);
    }

    @AfterEach
    void closePage() {
        page.context().close();
    }
}
