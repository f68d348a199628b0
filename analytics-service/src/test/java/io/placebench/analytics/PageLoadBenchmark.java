package io.placebench.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.placebench.analytics.service.FiguresRefresher;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How fast the web page shows a leaderboard of 100 runs (docs/benchmarks.md, "Web page"); not in the default build:
 * {@code ./mvnw -B -o -pl analytics-service test -Dtest=PageLoadBenchmark -Dplacebench.test.excludedGroups=none}.
 * Prints {@code PAGE BENCHMARK ...} lines: first contentful paint and the first view drawn with its data (a
 * performance mark the page sets), over fresh loads in headless chromium.
 */
@QuarkusTest
@Tag("benchmark")
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class PageLoadBenchmark {

    static final int RUNS = 100;
    static final int IMAGES = Integer.getInteger("bench.images", 1_000);
    static final int LOADS = 10;

    @Inject
    DataSource dataSource;

    @Inject
    FiguresRefresher refresher;

    @TestHTTPResource("/")
    URL page;

    @Test
    void aLeaderboardOfAHundredRuns() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("insert into analytics.run (run_id, dataset_id, provider, model, prompt_id, simulated, status,"
                    + " expected_count, created_at, updated_at, generation, scores_version)"
                    + " select 'page-run-' || r, 'page-bench', 'simulator', 'model-' || r, 'imageo', true,"
                    + " 'COMPLETED', " + IMAGES + ", now(), now(), 1, " + IMAGES
                    + " from generate_series(1, " + RUNS + ") r on conflict do nothing");
            st.execute("insert into analytics.score (run_id, image_id, dataset_id, provider, model, simulated, status,"
                    + " answered, distance_km, geoguessr_score, hit_1km, hit_25km, hit_200km, hit_750km, hit_2500km,"
                    + " cost_usd, input_tokens, output_tokens, latency_ms, scored_at)"
                    + " select 'page-run-' || r, 'img-' || i, 'page-bench', 'simulator', 'model-' || r, true, 'OK', true,"
                    + " d, 5000 * exp(-d / 1492.7), d < 1, d < 25, d < 200, d < 750, d < 2500, 0.001, 800, 150, 900, now()"
                    + " from generate_series(1, " + RUNS + ") r, generate_series(1, " + IMAGES + ") i,"
                    + " lateral (select ((i * 7919 + r * 104729) % 20000) / 3.0 as d) x on conflict do nothing");
        }
        refresher.queueStaleRuns();
        do {
            Thread.sleep(100);
        } while (!refresher.idle());

        ChromeDriver browser = HeadlessChromium.start(1280, 800);
        try {
            List<Double> paints = new ArrayList<>();
            List<Double> views = new ArrayList<>();
            for (int i = 0; i < LOADS; i++) {
                browser.get("about:blank");
                browser.get(page.toString());
                new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(
                        By.cssSelector("table.board tbody tr")).size() >= RUNS);
                @SuppressWarnings("unchecked")
                Map<String, Object> timing = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                        "const paint = performance.getEntriesByName('first-contentful-paint')[0];"
                        + "const view = performance.getEntriesByName('placebench-first-view')[0];"
                        + "const api = performance.getEntriesByType('resource').find(e => e.name.includes('/api/leaderboard'));"
                        + "const nav = performance.getEntriesByType('navigation')[0];"
                        + "return {paint: paint ? paint.startTime : -1, view: view ? view.startTime : -1,"
                        + " api: api ? api.duration : -1, html: nav ? nav.responseEnd : -1};");
                paints.add(((Number) timing.get("paint")).doubleValue());
                views.add(((Number) timing.get("view")).doubleValue());
                System.out.printf(Locale.ROOT, "PAGE BENCHMARK load %d: html %.0f ms, paint %.0f ms, leaderboard API "
                        + "%.0f ms, drawn %.0f ms%n", i + 1, ((Number) timing.get("html")).doubleValue(),
                        paints.get(i), ((Number) timing.get("api")).doubleValue(), views.get(i));
            }
            assertEquals(RUNS, browser.findElements(By.cssSelector("table.board tbody tr")).size());
            Collections.sort(paints);
            Collections.sort(views);
            System.out.printf(Locale.ROOT, "PAGE BENCHMARK leaderboard of %d runs x %d images, %d loads: first "
                    + "contentful paint p50 %.0f ms, max %.0f ms; leaderboard drawn with its data p50 %.0f ms, max "
                    + "%.0f ms%n", RUNS, IMAGES, LOADS, paints.get(LOADS / 2), paints.get(LOADS - 1),
                    views.get(LOADS / 2), views.get(LOADS - 1));
        } finally {
            browser.quit();
        }
    }
}
