package dev.greenboard.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Assumptions;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

/**
 * Headless Chromium for browser tests of the web UI: the machine's own {@code /usr/bin/chromium} (Playwright never
 * downloads a browser here), or the test class is skipped where it is not installed (it fails instead when
 * {@code GREENBOARD_REQUIRE_BROWSER=true}, as in CI). Every request a page makes to a
 * host other than this machine is recorded, so that tests can check that pages load nothing from the internet.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    /** Under the module's target/, where surefire runs. */
    public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;
    private final List<String> externalRequests = new CopyOnWriteArrayList<>();
    private final List<String> policyViolations = new CopyOnWriteArrayList<>();

    private Browser(Playwright playwright, com.microsoft.playwright.Browser chromium) {
        this.playwright = playwright;
        this.chromium = chromium;
    }

    /** Starts Chromium, or skips the calling tests (a JUnit assumption) where it is not installed. */
    public static Browser launch() {
        if (Boolean.parseBoolean(System.getenv("GREENBOARD_REQUIRE_BROWSER")) && !Files.isExecutable(CHROMIUM)) {
            // CI sets this: there a skipped browser test would hide that the UI went untested.
            throw new IllegalStateException(CHROMIUM + " is not installed, and GREENBOARD_REQUIRE_BROWSER is set");
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                CHROMIUM + " is not installed (apt-get install chromium): browser tests are skipped");
        Playwright playwright = Playwright
                .create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            com.microsoft.playwright.Browser chromium = playwright.chromium()
                    .launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setArgs(ARGS)
                            .setHeadless(true));
            // The app runs on two shared cores next to other builds: allow assertions some slack.
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
            return new Browser(playwright, chromium);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A new page (own context: no shared storage or cache) at this size, with relative URLs against {@code base}. */
    public Page open(URL base, int width, int height) {
        BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(base.toString()).setViewportSize(width, height).setLocale("en-US")
                .setTimezoneId("UTC"));
        context.setDefaultTimeout(20_000);
        context.onRequest(request -> {
            if (!isLocal(request.url())) {
                externalRequests.add(request.url());
            }
        });
        Page page = context.newPage();
        // Chromium reports what the Content-Security-Policy blocked on the console: a blocked script or style would
        // leave a page broken in a way its assertions might not see.
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                policyViolations.add(page.url() + ": " + message.text());
            }
        });
        return page;
    }

    /** What the pages' Content-Security-Policy blocked so far (there must be nothing). */
    public List<String> policyViolations() {
        return List.copyOf(policyViolations);
    }

    /** Every request so far to a host that is not this machine (there must be none). */
    public List<String> externalRequests() {
        return List.copyOf(externalRequests);
    }

    private static boolean isLocal(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) && !"ws".equals(scheme) && !"wss".equals(scheme)) {
            return true; // data:, blob:, about:
        }
        String host = uri.getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host) || "::1".equals(host);
    }

    /** Saves what the viewport shows now as target/screenshots/{name}.png. */
    public static Path screenshot(Page page, String name) {
        return screenshot(page, name, false);
    }

    /** Saves the viewport, or the whole page, as target/screenshots/{name}.png. */
    public static Path screenshot(Page page, String name, boolean fullPage) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path path = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(path).setFullPage(fullPage));
        return path;
    }

    /** Navigates and waits until the page has rendered its data (the shell marks {@code body[data-ready]}). */
    public static void go(Page page, String path) {
        page.navigate(path);
        waitReady(page);
    }

    public static void waitReady(Page page) {
        page.waitForSelector("body[data-ready=true]");
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
