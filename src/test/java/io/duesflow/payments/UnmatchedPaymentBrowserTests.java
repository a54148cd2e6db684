package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.members.CollectionMethod;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A treasurer assigns a bank credit that matched nothing in Tasklist, in a real headless Chromium: the task's form
 * shows what the bank said and the candidate charges as a table, and completing it pays the charge. Screenshots land
 * in {@code target/screenshots}.
 */
@ApplicationTest
class UnmatchedPaymentBrowserTests {

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final String TREASURER = "tilde";

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Autowired
    IdentityService identity;
    @Autowired
    TaskService tasks;
    @Autowired
    Charges charges;
    @Autowired
    Payments payments;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    WebDriver browser;
    PaymentFixtures fixtures;

    @BeforeAll
    static void chromium() {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "Skipped: no Chromium at /usr/bin/chromium with /usr/bin/chromedriver "
                        + "(apt-get install chromium chromium-driver; .ci/run installs them)");
    }

    @BeforeEach
    void openBrowser() throws Exception {
        TestUsers.ensure(identity, TREASURER, Roles.TREASURER);
        fixtures = new PaymentFixtures(context);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Without the networking flags Chromium stalls on this closed network.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("duesflow-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(),
                options);
        Files.createDirectories(SCREENSHOTS);
        fixtures.startInbox();
    }

    @AfterEach
    void screenshotAndClose() throws Exception {
        fixtures.stopInbox();
        if (browser != null) {
            try {
                screenshot("tasklist-unmatched-payment-done.png");
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void aTreasurerAssignsACreditThatMatchedNothingToTheChargeItPaysInTasklist() {
        String name = "Signe Browser" + fixtures.token.replaceAll("[^A-Za-z]", "");
        long member = fixtures.member(name, CollectionMethod.INVOICE);
        ChargeView charge = fixtures.chargeOf(fixtures.approvedRun("64.00", clock.today().plusDays(14), member),
                member);
        PaymentFixtures.Taken taken = fixtures.drop("browser-" + fixtures.token + ".xml", fixtures.credits(
                clock.today(), fixtures.credit(1, "64.00", null, null, name, PaymentFixtures.iban(),
                        "medlem " + fixtures.token)));
        long creditId = jdbc.sql("select id from duesflow.bank_transaction where bank_file_id = :file")
                .param("file", taken.file().id()).query(Long.class).single();
        String taskId = await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery()
                .processInstanceBusinessKey("credit-" + creditId).singleResult(), task -> task != null).getId();

        browser.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + taskId);
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]")))
                .sendKeys(TREASURER);
        browser.findElement(By.cssSelector("input[ng-model=password]")).sendKeys(TestUsers.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Assign the bank credit"));
        clickText("Claim");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"),
                "A bank credit that matched nothing"));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), charge.number()));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("64.00", name,
                "medlem " + fixtures.token, "Charges it could be for");

        browser.findElement(By.xpath("//label[contains(., 'Dues: assign it to charges')]")).click();
        WebElement assignTo = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//label[contains(., 'Charge number')]/following::input[1]")));
        assignTo.sendKeys(charge.number());
        screenshot("tasklist-unmatched-payment-form.png");
        clickText("Complete");

        await().atMost(Duration.ofSeconds(30)).until(() -> charges.state(charge.number()).status().name(),
                "PAID"::equals);
        assertThat(payments.paymentsOf(charge.number())).singleElement().satisfies(payment -> {
            assertThat(payment.how()).isEqualTo(PaymentMatch.TASK);
            assertThat(payment.registeredBy()).isEqualTo(TREASURER);
        });
        assertThat(tasks.createTaskQuery().taskId(taskId).count()).isZero();
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void clickText(String text) {
        waitFor().until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space(.)='" + text
                + "'] | //a[normalize-space(.)='" + text + "']"))).click();
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(60));
    }
}
