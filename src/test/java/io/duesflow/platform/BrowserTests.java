package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.duesflow.ApplicationTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A treasurer logs into Tasklist and a supervisor into Cockpit, in a real headless Chromium.
 * Screenshots land in {@code target/screenshots}.
 */
@ApplicationTest
class BrowserTests {

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @LocalServerPort
    int port;

    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;

    WebDriver browser;
    String screenshotAfterwards;

    @BeforeAll
    static void users(@Autowired IdentityService identity) {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "Skipped: no Chromium at /usr/bin/chromium with /usr/bin/chromedriver "
                        + "(apt-get install chromium chromium-driver; .ci/run installs them)");
        SecurityTests.createUser(identity, SecurityTests.TREASURER, Roles.TREASURER);
        SecurityTests.createUser(identity, SecurityTests.SUPERVISOR, Roles.SUPERVISOR);
    }

    @BeforeEach
    void openBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Without the networking flags Chromium stalls on this closed network.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900",
                "--user-data-dir=" + Files.createTempDirectory("duesflow-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    /** Taken whether the test passed or not: a failing browser test is understood from its picture. */
    @AfterEach
    void screenshotAndClose() throws Exception {
        if (browser == null) {
            return;
        }
        try {
            if (screenshotAfterwards != null) {
                Files.write(SCREENSHOTS.resolve(screenshotAfterwards), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            }
        } finally {
            browser.quit();
        }
    }

    @Test
    void aTreasurerLogsIntoTasklistAndFindsTheTaskMeantForTreasurers() {
        SecurityTests.startTreasurerApproval(repository, runtime, "Approve December dues");
        screenshotAfterwards = "tasklist-treasurer.png";

        logIn("/camunda/app/tasklist/default/", SecurityTests.TREASURER);

        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), IdentityBootstrap.TREASURER_FILTER));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ol.tasks-list, .tasks-list"),
                "Approve December dues"));
        assertThat(browser.getPageSource()).contains(IdentityBootstrap.MY_TASKS_FILTER);
    }

    @Test
    void aSupervisorLogsIntoCockpitAndSeesTheDashboard() {
        screenshotAfterwards = "cockpit-supervisor.png";

        logIn("/camunda/app/cockpit/default/", SecurityTests.SUPERVISOR);

        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Running Process Instances"));
        assertThat(browser.findElements(By.cssSelector("input[ng-model=username]"))).isEmpty();
    }

    @Test
    void aSupervisorSeesARunsMailProcessDrawnInCockpitWithTheStepItIsAt() {
        // This context runs no jobs, so the instance waits at its first step.
        String instance = runtime.startProcessInstanceByKey("run-mail", "run-0", Map.of("runId", 0L)).getId();
        screenshotAfterwards = "cockpit-run-mail.png";
        try {
            logIn("/camunda/app/cockpit/default/#/process-instance/" + instance + "/runtime", SecurityTests.SUPERVISOR);

            waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-element-id=SendRunMail]")));
            waitFor().until(driver -> driver.getPageSource().contains("Send the run's mail")
                    || driver.getPageSource().contains("Send the run&#39;s mail"));
            assertThat(browser.findElements(By.cssSelector("[data-element-id=RunApproved]"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("[data-element-id=RunMailHandedOver]"))).isNotEmpty();
        } finally {
            runtime.deleteProcessInstance(instance, "browser test");
        }
    }

    @Test
    void aSupervisorIsNotLetIntoTasklist() {
        screenshotAfterwards = "tasklist-supervisor-refused.png";

        logIn("/camunda/app/tasklist/default/", SecurityTests.SUPERVISOR);

        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "missing access rights"));
        assertThat(browser.getPageSource()).doesNotContain(IdentityBootstrap.MY_TASKS_FILTER);
    }

    private void logIn(String app, String user) {
        browser.get("http://localhost:" + port + app);
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]")))
                .sendKeys(user);
        browser.findElement(By.cssSelector("input[ng-model=password]")).sendKeys(SecurityTests.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

}
