package io.placebench.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless chromium against the running service, with real Kafka and PostgreSQL: the
 * leaderboard rows, a live update without a reload, the run view's map and charts, and no console error.
 * Screenshots are kept in {@code target/screenshots}.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = ThumbnailProxyTest.FakeIngest.class)
class WebPageBrowserTest {

    static WebDriver browser;
    final List<String> consoleErrors = new ArrayList<>();

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void start() throws Exception {
        RunAnalysesFlowTest.connect();
        browser = HeadlessChromium.start(1280, 800);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        RunAnalysesFlowTest.disconnect();
    }

    @AfterEach
    void noConsoleError() {
        consoleErrors.addAll(HeadlessChromium.consoleErrors(browser));
        assertEquals(List.of(), consoleErrors, "console errors");
    }

    /**
     * Text whose contrast with its background is below WCAG AA's 4.5:1 (colours as computed by the browser; the
     * background is the first opaque one up the tree), as "selector: text ratio" lines.
     */
    List<String> lowContrast() {
        @SuppressWarnings("unchecked")
        List<String> low = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                const rgb = c => c.match(/[\\d.]+/g).map(Number);
                const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
                    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
                const background = el => {
                  for (let e = el; e; e = e.parentElement) {
                    const c = rgb(getComputedStyle(e).backgroundColor);
                    if (c.length < 4 || c[3] > 0.9) return c.slice(0, 3);
                  }
                  return [255, 255, 255];
                };
                const low = [];
                for (const el of document.querySelectorAll('main *, header *, footer *')) {
                  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
                  if (!own || el.closest('.leaflet-container') || el.offsetParent === null) continue;
                  const a = lum(rgb(getComputedStyle(el).color));
                  const b = lum(background(el));
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  if (ratio < 4.5) low.push(el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 30)
                      + ' ' + ratio.toFixed(2));
                }
                return low;""");
        return low;
    }

    /** Waits up to 30 s; live updates re-render the table, so an element found may be replaced: look again. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The text of a run's leaderboard row, once the row is there. */
    String rowText(String runId) {
        return waiting().until(d -> d.findElement(By.cssSelector("tr[data-run='" + runId + "']")).getText());
    }

    @Test
    void theLeaderboardShowsEveryRunAndUpdatesLiveWithoutAReload() throws Exception {
        RunAnalysesFlowTest.ensureRuns();
        browser.get(page.toString());
        String strong = rowText(RunAnalysesFlowTest.RUN_A);
        assertTrue(strong.contains("simulator/sim") && strong.contains("simulated"), strong);
        waiting().until(d -> rowText(RunAnalysesFlowTest.RUN_B).contains("25 / 25"));
        ((JavascriptExecutor) browser).executeScript("window.placebenchNotReloaded = true;");

        // A new run starts and scores arrive: its row appears and fills without a reload.
        String live = "run-live-" + UUID.randomUUID();
        RunAnalysesFlowTest.send(new RunChanged(UUID.randomUUID().toString(), 1, Instant.now(), live,
                RunAnalysesFlowTest.DATASET, "simulator", "sim-live", "imageo", Map.of("budgetUsd", 2.5), true,
                RunStatus.RUNNING, 3,
                null, null));
        List<RunAnalysesFlowTest.Image> images = RunAnalysesFlowTest.images();
        RunAnalysesFlowTest.send(RunAnalysesFlowTest.accurate(live, RunAnalysesFlowTest.DATASET, images.get(0), 3));
        waiting().until(d -> rowText(live).contains("1 / 3"));
        RunAnalysesFlowTest.send(RunAnalysesFlowTest.accurate(live, RunAnalysesFlowTest.DATASET, images.get(1), 3));
        RunAnalysesFlowTest.send(RunAnalysesFlowTest.accurate(live, RunAnalysesFlowTest.DATASET, images.get(2), 3));
        waiting().until(d -> rowText(live).contains("3 / 3"));
        assertTrue(rowText(live).contains("of $2.50 budget"), rowText(live));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.placebenchNotReloaded;"));
        HeadlessChromium.screenshot(browser, "leaderboard");
        assertEquals(List.of(), lowContrast(), "text below 4.5:1 contrast");

        // Sorting by a column from the keyboard reorders the rows.
        waiting().until(d -> {
            d.findElement(By.cssSelector("button.sort[data-sort='medianErrorKm']")).sendKeys(Keys.ENTER);
            return true;
        });
        waiting().until(d -> d.findElement(By.cssSelector("th[aria-sort] button[data-sort='medianErrorKm']")));
    }

    @Test
    void theRunViewDrawsTheMapChartsAndTables() throws Exception {
        RunAnalysesFlowTest.ensureRuns();
        browser.get(page + "#/run/" + RunAnalysesFlowTest.RUN_B);
        waiting().until(d -> d.findElements(By.cssSelector("#run-map path.country")).size() > 150);
        Number coloured = (Number) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
                + ".querySelectorAll('#run-map path.country')).filter(p => p.getAttribute('fill') !== '#d0d4d9').length;");
        assertEquals(4, coloured.intValue(), "the four countries with images (FR, DE, KE, NG) are coloured");
        assertTrue(browser.findElements(By.cssSelector("#run-map canvas")).size() > 0, "guesses are drawn");
        // first-level regions instead: the four with a code that have images are coloured
        browser.findElement(By.cssSelector("input[name=level][value=regions]")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#run-map path.region")).size() > 3000);
        assertEquals(0, browser.findElements(By.cssSelector("#run-map path.country")).size());
        Number regions = (Number) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
                + ".querySelectorAll('#run-map path.region')).filter(p => p.getAttribute('fill') !== '#d0d4d9').length;");
        assertEquals(4, regions.intValue(), "FR-IDF, FR-ARA, DE-BE and NG-LA");
        assertTrue(browser.findElement(By.id("histogram")).getSize().getHeight() > 50);
        String text = browser.findElement(By.id("main")).getText();
        assertTrue(text.contains("KE") && text.contains("NG") && text.contains("Disparity"), text);
        assertTrue(text.contains("REFUSED"), "the status breakdown: " + text);
        HeadlessChromium.screenshot(browser, "run");
        assertEquals(List.of(), lowContrast(), "text below 4.5:1 contrast");
    }

    @Test
    void theCompareViewShowsThePairedTests() throws Exception {
        RunAnalysesFlowTest.ensureRuns();
        browser.get(page + "#/compare?runs=" + RunAnalysesFlowTest.RUN_A + "," + RunAnalysesFlowTest.RUN_B);
        waiting().until(d -> d.findElements(By.cssSelector("table.tests tbody tr")).size() >= 8);
        String tests = browser.findElement(By.cssSelector("table.tests")).getText();
        assertTrue(tests.contains("McNemar, exact binomial") && tests.contains("Wilcoxon signed-rank"), tests);
        waiting().until(d -> d.findElements(By.cssSelector("#difference-map path.country")).size() > 150);
        assertTrue(browser.findElements(By.cssSelector("#compare-form input[name=run]:checked")).size() == 2);
        HeadlessChromium.screenshot(browser, "compare");
    }

    @Test
    void theImageDrillDownShowsTheThumbnailAndEveryModelsAnswer() throws Exception {
        RunAnalysesFlowTest.ensureRuns();
        browser.get(page + "#/run/" + RunAnalysesFlowTest.RUN_B);
        // the filterable list: refused images only, then open one
        waiting().until(d -> d.findElements(By.cssSelector("table.images tbody tr")).size() > 0);
        waiting().until(d -> {
            new org.openqa.selenium.support.ui.Select(d.findElement(By.cssSelector("#image-filters select[name=status]")))
                    .selectByValue("REFUSED");
            d.findElement(By.cssSelector("#image-filters button[type=submit]")).click();
            return true;
        });
        waiting().until(d -> d.findElements(By.cssSelector("table.images tbody tr")).size() == 1
                && d.findElement(By.cssSelector("table.images tbody")).getText().contains("ng-5"));
        browser.findElement(By.linkText("ng-5")).click();
        waiting().until(d -> d.findElements(By.cssSelector("article.answer")).size() == 2);
        String answers = browser.findElement(By.id("main")).getText();
        assertTrue(answers.contains("REFUSED") && answers.contains("sim-strong") && answers.contains("sim-weak"),
                answers);
        waiting().until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "const i = document.getElementById('thumbnail'); return i && i.complete ? i.naturalWidth : 0;"))
                .intValue() == 64);
        waiting().until(d -> d.findElements(By.cssSelector("#image-map path.leaflet-interactive")).size() > 150);
        HeadlessChromium.screenshot(browser, "image");
    }

    @Test
    void atPhoneWidthThePageDoesNotOverflowSideways() throws Exception {
        RunAnalysesFlowTest.ensureRuns();
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            browser.get(page.toString());
            rowText(RunAnalysesFlowTest.RUN_A);
            // wide tables scroll inside their own box; the page itself never scrolls sideways
            Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(overflow.intValue() <= 0, "the page is " + overflow + " px wider than the phone");
            HeadlessChromium.screenshot(browser, "leaderboard-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 800));
        }
    }
}
