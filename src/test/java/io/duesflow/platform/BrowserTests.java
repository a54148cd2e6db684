package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.duesflow.ApplicationTest;
import io.duesflow.Chromium;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
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

    @LocalServerPort
    int port;

    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;

    Chromium chromium;
    WebDriver browser;
    String screenshotAfterwards;

    @BeforeAll
    static void users(@Autowired IdentityService identity) {
        Chromium.assumeInstalled();
        SecurityTests.createUser(identity, SecurityTests.TREASURER, Roles.TREASURER);
        SecurityTests.createUser(identity, SecurityTests.SUPERVISOR, Roles.SUPERVISOR);
    }

    @BeforeEach
    void openBrowser() throws Exception {
        chromium = Chromium.open(port);
        browser = chromium.driver();
    }

    /** Taken whether the test passed or not: a failing browser test is understood from its picture. */
    @AfterEach
    void screenshotAndClose() throws Exception {
        if (chromium == null) {
            return;
        }
        try {
            if (screenshotAfterwards != null) {
                chromium.screenshot(screenshotAfterwards);
            }
        } finally {
            chromium.close();
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
        chromium.logIn(app, user, SecurityTests.PASSWORD);
    }

    private WebDriverWait waitFor() {
        return chromium.waitFor();
    }

}
