package sos.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import sos.contracts.EventJson;
import sos.local.cli.SosClient;
import sos.testsupport.AuditExplorer;
import sos.testsupport.HeadlessChromium;
import sos.testsupport.WebhookReceiver;

/**
 * The pages as people use them, in a real browser (Debian's headless Chromium driven by Selenium through the system
 * chromedriver) against the whole stack started as {@code ./sos up} starts it: a consulate officer signs in to the
 * panel and presses and holds SOS, the panel shows the units on their way with their ETA, and the alert appears on the
 * control-room board with its unit, the control room resolves it and the panel says so, and an analyst signs in to the
 * explorer and finds the alert's timeline (raised, assigned, resolved). One stack and one browser for all the steps. Skipped (with the reason) only where
 * chromium or chromedriver is not installed; {@code .ci/run} installs both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserEndToEndIT {

    static final Path CHROMIUM = HeadlessChromium.CHROMIUM;
    static final Path CHROMEDRIVER = HeadlessChromium.CHROMEDRIVER;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path data;

    @TempDir
    static Path browserProfile;

    private WebhookReceiver receiver;
    private LocalStack stack;
    private Endpoints endpoints;
    private WebDriver browser;
    private WebDriverWait wait;

    /** Set by the panel step, read by the board, resolution and analyst steps. */
    private String alertId;

    private List<String> unitsOnThePanel;

    @BeforeAll
    void startTheStackAndTheBrowser() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.installed(), HeadlessChromium.MISSING);
        Files.writeString(
                data.resolve("credentials.json"),
                EventJson.mapper()
                        .writeValueAsString(new Credentials(
                                "de-demo-1",
                                "browser-demo-secret",
                                "browser-webhook-secret",
                                "browser-analyst",
                                "browser-ops",
                                "sos_audit",
                                "browser-db",
                                "246810",
                                "135790",
                                "de-duty-officer",
                                "browser-panel-password")));
        receiver = WebhookReceiver.start(0, "browser-webhook-secret".getBytes(StandardCharsets.UTF_8));
        stack = LocalStack.start(
                StackOptions.randomPorts(data, RepoRoot.find(), "http://127.0.0.1:" + receiver.port() + "/hooks"),
                System.out);
        endpoints = Endpoints.read(Endpoints.fileIn(data));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(HeadlessChromium.arguments(browserProfile));
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
    }

    /** On a failed step: a screenshot of the page and the browser's console, to see what the user saw. */
    @org.junit.jupiter.api.AfterEach
    void keepTheEvidenceOfAFailure(org.junit.jupiter.api.TestInfo test) throws Exception {
        if (browser == null) {
            return;
        }
        screenshot("last-" + test.getTestMethod().orElseThrow().getName() + ".png");
        browser.manage()
                .logs()
                .get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(
                        entry -> System.out.println("browser console: " + entry.getLevel() + " " + entry.getMessage()));
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void shouldShowTheOfficerTheUnitsOnTheirWayAfterAPressAndHoldOnThePanel() throws Exception {
        browser.manage().window().setSize(new Dimension(412, 915)); // a phone
        browser.get(endpoints.ingest() + "/panel");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(endpoints.demo().panelUser());
        browser.findElement(By.id("password")).sendKeys("wrong-password-1");
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "Wrong username"));
        browser.findElement(By.id("password")).sendKeys(endpoints.demo().panelPassword());
        browser.findElement(By.id("login-button")).click();
        WebElement sos = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sos-button")));
        assertThat(browser.findElement(By.id("consulate-name")).getText()).contains("Germany");

        new Select(browser.findElement(By.id("alert-type"))).selectByValue("ARMED_ATTACK");
        new Select(browser.findElement(By.id("premises"))).selectByValue("chancery");
        new Actions(browser).moveToElement(sos).click().perform();
        assertThat(browser.findElement(By.id("sos-hint")).getText())
                .as("a short tap raises nothing")
                .contains("Released too early");
        assertThat(browser.findElement(By.id("raise")).isDisplayed()).isTrue();
        screenshot("panel-sos.png");

        new Actions(browser)
                .moveToElement(sos)
                .clickAndHold()
                .pause(Duration.ofMillis(1_900))
                .release()
                .perform();

        wait.until(d -> List.of("UNITS_ASSIGNED", "EN_ROUTE", "ON_SCENE")
                .contains(d.findElement(By.id("stage")).getText()));
        List<WebElement> units =
                wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#units li"), 0));
        unitsOnThePanel =
                units.stream().map(li -> li.getDomAttribute("data-unit-id")).toList();
        assertThat(units.get(0).findElement(By.className("unit-eta")).getText()).matches("ETA (\\d+ min|now)");
        assertThat(units.get(0).findElement(By.className("unit-name")).getText())
                .contains("(Police)");
        alertId = (String) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return sessionStorage.getItem('sos.alertId')");
        assertThat(alertId).isNotBlank();
        screenshot("panel-status.png");
    }

    @Test
    @Order(2)
    void shouldShowTheAlertWithItsUnitOnTheControlRoomBoard() throws Exception {
        Assumptions.assumeTrue(alertId != null, "the panel step did not raise an alert");
        browser.manage().window().setSize(new Dimension(1440, 900));
        browser.get(endpoints.dispatch() + "/board");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operator")))
                .sendKeys("Operator Sana");
        browser.findElement(By.id("token")).sendKeys(endpoints.demo().dispatchOpsToken());
        browser.findElement(By.id("login-button")).click();

        By card = By.cssSelector(".alert-card[data-alert-id='" + alertId + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(card));
        // the board redraws a card when its alert changes (a unit acknowledges, moves ...): read it afresh each time
        eventually(() -> {
            WebElement alert = browser.findElement(card);
            assertThat(alert.findElement(By.className("title")).getText()).contains("Armed attack");
            assertThat(alert.findElement(By.className("where")).getText()).contains("Germany");
            List<String> onTheBoard = alert.findElements(By.cssSelector("li[data-unit-id]")).stream()
                    .map(li -> li.getDomAttribute("data-unit-id"))
                    .toList();
            assertThat(onTheBoard).as("the units the panel shows").containsAll(unitsOnThePanel);
            assertThat(alert.findElement(By.className("unit-eta")).getText()).startsWith("ETA");
        });
        assertThat(browser.findElements(By.cssSelector("#map path.district"))).hasSize(7);
        assertThat(browser.findElements(By.cssSelector("#map circle.alert-mark[data-alert-id='" + alertId + "']")))
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#map circle.unit"))).hasSizeGreaterThan(40);
        // a drill of another consulate comes in over the signed API while the board is open: flash (and beep), and
        // drawn differently
        SosClient japan = new SosClient(
                endpoints.ingest(), endpoints.audit(), "jp-demo-1", "browser-demo-secret", "browser-analyst");
        SosClient.Response drill = japan.raiseAlert("{\"type\":\"INTRUSION\",\"drill\":true,"
                + "\"location\":{\"lat\":24.8607,\"lon\":67.0011},\"description\":\"evacuation drill\"}");
        assertThat(drill.status()).isEqualTo(202);
        String drillId =
                EventJson.mapper().readTree(drill.body()).path("alertId").asString();

        wait.until(d ->
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.body.dataset.lastAnnounced")
                        != null);
        By drillCard = By.cssSelector(".alert-card.drill[data-alert-id='" + drillId + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(drillCard));
        eventually(() -> assertThat(browser.findElement(drillCard)
                        .findElement(By.className("badge"))
                        .getText())
                .isEqualTo("DRILL"));
        assertThat(browser.findElements(By.cssSelector("#map circle.alert-mark.drill")))
                .hasSize(1);
        wait.until(d -> !d.findElements(By.cssSelector(".alert-card[data-alert-id='" + drillId + "'] li[data-unit-id]"))
                .isEmpty());
        // only for the picture: the new-alert flash (a 3 s animation on the page) is over, the drill's own style shows
        wait.until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return document.body.getAnimations().every(a => a.playState !== 'running')")));
        screenshot("board.png");

        // the control room resolves it, with a reason; the panel then shows it resolved
        eventually(() -> browser.findElement(card)
                .findElement(By.cssSelector("input[data-alert-id]"))
                .sendKeys("attack repelled, all safe"));
        eventually(() -> browser.findElement(card)
                .findElement(By.cssSelector("button[data-action='resolve']"))
                .click());
        wait.until(ExpectedConditions.invisibilityOfElementLocated(card));
    }

    @Test
    @Order(4)
    void shouldLetTheAnalystFindTheAlertsTimelineInTheExplorer() throws Exception {
        Assumptions.assumeTrue(alertId != null, "the panel step did not raise an alert");
        browser.manage().window().setSize(new Dimension(1440, 900));
        java.util.UUID alert = java.util.UUID.fromString(alertId);
        browser.get(AuditExplorer.signIn(endpoints.audit(), alert));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(AuditExplorer.TOKEN_FIELD)))
                .sendKeys(endpoints.demo().analystToken());
        browser.findElement(By.id(AuditExplorer.SIGN_IN_BUTTON)).click();
        wait.until(ExpectedConditions.urlToBe(AuditExplorer.timeline(endpoints.audit(), alert)));

        // the trail stores asynchronously: reload until the control room's resolution is on it
        eventually(() -> {
            browser.navigate().refresh();
            List<String> events = browser
                    .findElements(By.cssSelector(
                            "#" + AuditExplorer.TIMELINE_TABLE + " td." + AuditExplorer.EVENT_TYPE_CELL_CLASS))
                    .stream()
                    .map(WebElement::getText)
                    .toList();
            assertThat(events).first().isEqualTo("AlertRaised");
            assertThat(events).contains("UnitsAssigned", "AlertResolved");
            assertThat(events.indexOf("UnitsAssigned")).isLessThan(events.indexOf("AlertResolved"));
        });
    }

    @Test
    @Order(3)
    void shouldShowTheOfficerTheResolutionOnThePanel() throws Exception {
        Assumptions.assumeTrue(alertId != null, "the panel step did not raise an alert");
        browser.manage().window().setSize(new Dimension(412, 915));
        browser.get(endpoints.ingest() + "/panel");
        wait.until(ExpectedConditions.textToBe(By.id("stage"), "RESOLVED"));
        assertThat(browser.findElement(By.id("cancel-form")).isDisplayed()).isFalse();
    }

    /** Assertions on a page that redraws itself: retried until they hold (or {@link #WAIT} has passed). */
    private static void eventually(org.awaitility.core.ThrowingRunnable assertions) {
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .untilAsserted(assertions);
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
