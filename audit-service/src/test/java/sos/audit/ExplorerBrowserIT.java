package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import sos.testsupport.AuditExplorer;
import sos.testsupport.HeadlessChromium;

/**
 * The explorer in a real browser: Debian's headless Chromium driven by Selenium through the system chromedriver (never
 * a downloaded driver). Skipped, with a message, only where chromium or chromedriver is not installed. Screenshots go
 * to {@code target/explorer-screenshots} (the README's come from there).
 */
class ExplorerBrowserIT extends ExplorerFixture {

    static final Path CHROMIUM = HeadlessChromium.CHROMIUM;
    static final Path CHROMEDRIVER = HeadlessChromium.CHROMEDRIVER;
    static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");

    private Path profile;
    private ChromeDriverService service;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void startChromium() throws IOException {
        Assumptions.assumeTrue(HeadlessChromium.installed(), HeadlessChromium.MISSING);
        profile = Files.createTempDirectory("explorer-chromium-");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(HeadlessChromium.arguments(profile, "--window-size=1400,1000"));
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void shouldLetAnAnalystSignInFilterTheTrailOpenATimelineAndReadTheCharts() throws IOException {
        browser.get(base() + "/explorer/events");
        wait.until(ExpectedConditions.urlContains("/explorer/sign-in"));
        screenshot("sign-in");
        browser.findElement(By.id("token")).sendKeys(ANALYST_TOKEN);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("trail")));
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("Signed in as analyst");

        browser.findElement(By.id("f-consulateId")).sendKeys("consulate-de");
        new Select(browser.findElement(By.id("f-alertType"))).selectByValue("ARMED_ATTACK");
        new Select(browser.findElement(By.id("f-district"))).selectByValue("South");
        new Select(browser.findElement(By.id("f-drill"))).selectByValue("false");
        browser.findElement(By.id("apply")).click();
        wait.until(ExpectedConditions.urlContains("alertType=ARMED_ATTACK"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#trail tbody tr[data-seq]"));
        assertThat(rows).hasSize(5);
        // the hostile description is shown as text, not run: no alert dialog, the markup readable on the page
        assertThat(browser.findElement(By.id("trail")).getText()).contains(HOSTILE);
        screenshot("trail");

        rows.get(rows.size() - 1).findElement(By.cssSelector("a.timeline-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        assertThat(browser.getCurrentUrl())
                .endsWith("/explorer/alerts/" + alerts.attack().alertId());
        assertThat(browser.findElements(By.cssSelector("#timeline td.event-type")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactlyElementsOf(ATTACK_EVENT_TYPES);
        assertThat(browser.findElement(By.id("fact-description")).getText()).isEqualTo(HOSTILE);
        screenshot("timeline");

        // as the cross-service browser test does: straight to an alert's timeline through sign-in, in a new session
        browser.manage().deleteAllCookies();
        browser.get(AuditExplorer.signIn(base(), alerts.fire().alertId()));
        browser.findElement(By.id(AuditExplorer.TOKEN_FIELD)).sendKeys(ANALYST_TOKEN);
        browser.findElement(By.id(AuditExplorer.SIGN_IN_BUTTON)).click();
        wait.until(ExpectedConditions.urlToBe(
                AuditExplorer.timeline(base(), alerts.fire().alertId())));
        assertThat(browser
                        .findElements(By.cssSelector(
                                "#" + AuditExplorer.TIMELINE_TABLE + " td." + AuditExplorer.EVENT_TYPE_CELL_CLASS))
                        .stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly("AlertRaised", "UnitsAssigned");

        browser.findElement(By.id("nav-kpis")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("by-district")));
        assertThat(browser.findElement(By.id("alert-count")).getText()).startsWith("2 alerts raised");
        assertThat(browser.findElements(By.cssSelector("#by-district figure"))).hasSize(4);
        WebElement southDispatch = browser.findElement(
                By.cssSelector("#by-district figure[data-step='DISPATCH'] g[data-group='South'] text.value"));
        assertThat(southDispatch.getText()).isEqualTo("30.0 s / 30.0 s (n=1)");
        screenshot("kpis", 2300);

        long signedSeq = signCheckpointAsAdmin();
        browser.findElement(By.id("nav-chain")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verification")));
        assertThat(browser.findElement(By.id("verification")).getText()).startsWith("Intact");
        assertThat(browser.findElement(By.id("checkpoint-seq")).getText()).isEqualTo(Long.toString(signedSeq));
        screenshot("chain");

        browser.findElement(By.id("nav-reports")).click();
        browser.findElement(By.id("r-consulateId")).sendKeys("consulate-de");
        browser.findElement(By.id("r-show")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("report-frame")));
        browser.switchTo().frame("report-frame");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Consulate General of Germany (demo)");
        browser.switchTo().defaultContent();
        screenshot("report");
    }

    private void screenshot(String name) throws IOException {
        screenshot(name, 1000);
    }

    private void screenshot(String name, int height) throws IOException {
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(1400, height));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(
                shot.toPath(), SCREENSHOTS.resolve("explorer-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
    }
}
