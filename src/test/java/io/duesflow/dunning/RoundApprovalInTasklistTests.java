package io.duesflow.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import io.duesflow.ApplicationTest;
import io.duesflow.Chromium;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.billing.ChargeView;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * A treasurer approves a reminder round in Tasklist, in a real headless Chromium: the form shows the run's unpaid
 * charges with their members and the law's fee rules; a fee above the Danish cap is refused naming renteloven § 9 b
 * and the task stays; with a 50 kr fee the round is sent, each reminded charge carrying the fee. Screenshots under
 * target/screenshots.
 */
@ApplicationTest
class RoundApprovalInTasklistTests {

    static final String TREASURER = "tove";
    static final LocalDate DUE = LocalDate.of(2026, 12, 15);
    static final LocalDate FIRST = LocalDate.of(2027, 1, 4);

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ReminderRounds rounds;
    @Autowired
    TestClock clock;

    DunningFixtures fixtures;
    Chromium chromium;

    @BeforeAll
    static void people(@Autowired IdentityService identity) {
        Chromium.assumeInstalled();
        TestUsers.ensure(identity, TREASURER, Roles.TREASURER);
    }

    @BeforeEach
    void aDanishAssociation() throws Exception {
        fixtures = new DunningFixtures(context, "DK", "DKK");
        chromium = Chromium.open(port);
    }

    @AfterEach
    void closeAndSettingsBack() {
        chromium.close();
        fixtures.restore();
        runtime.createProcessInstanceQuery().processDefinitionKey(DunningProcesses.KEY).list()
                .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test over"));
    }

    @Test
    void aTreasurerApprovesTheRoundWithAFiftyKroneFeeAfterTheLawRefusedOneAboveTheCap() throws Exception {
        String suffix = fixtures.token.replaceAll("[^A-Za-z]", "");
        fixtures.member("Ulla Ubetalt" + suffix);
        fixtures.member("Vagn Venter" + suffix);
        long runId = fixtures.sentRun("250.00", DUE, FIRST, FIRST.plusDays(14));
        fixtures.startDunning(runId);
        clock.moveTo(FIRST);
        fixtures.settle(runId);
        String taskId = tasks.createTaskQuery().processInstanceBusinessKey(DunningProcesses.businessKey(runId))
                .singleResult().getId();

        chromium.logIn("/camunda/app/tasklist/default/", TREASURER, TestUsers.PASSWORD);
        chromium.get("/camunda/app/tasklist/default/#/?task=" + taskId);
        chromium.waitFor().until(driver -> driver.getPageSource().contains("Approve the reminder round: Dues "
                + fixtures.token + " (run " + runId + ")"));
        chromium.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-form"),
                "Before sending"));
        chromium.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-form"),
                "Vagn Venter" + suffix));
        String form = chromium.driver().findElement(By.cssSelector(".fjs-form")).getText();
        chromium.screenshot("tasklist-approve-reminder-round.png");
        assertThat(form).contains("2 reminders", "2 members", "500.00 DKK", "Ulla Ubetalt" + suffix,
                "Vagn Venter" + suffix, "renteloven § 9 b", "at most 100.00 DKK per letter");

        List<WebElement> claim = chromium.driver().findElements(By.cssSelector("button.claim"));
        if (!claim.isEmpty()) {
            claim.get(0).click();
            chromium.waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
        }
        WebElement fee = field("Reminder fee per letter");
        fee.sendKeys("150,00");
        click(chromium.driver().findElement(By.xpath("//label[contains(normalize-space(),'Send the reminders')]")));
        complete();
        chromium.waitFor().until(driver -> driver.findElement(By.tagName("body")).getText().contains("renteloven"));
        chromium.screenshot("tasklist-approve-reminder-round-refused.png");
        assertThat(chromium.driver().findElement(By.tagName("body")).getText()).contains("renteloven § 9 b",
                "at most 100 kr").as("our words, not the engine's wrapping").doesNotContain("ENGINE-");
        assertThat(tasks.createTaskQuery().taskId(taskId).count()).as("the task keeps waiting").isEqualTo(1);
        // The refusal lies over the form's buttons until it is closed.
        ((JavascriptExecutor) chromium.driver()).executeScript(
                "document.querySelectorAll('.page-notifications .close').forEach(button => button.click());");
        chromium.waitFor().until(driver -> !driver.findElement(By.tagName("body")).getText().contains("renteloven § 9 b: a"));

        fee = field("Reminder fee per letter");
        fee.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        fee.sendKeys("50,00");
        chromium.screenshot("tasklist-approve-reminder-round-filled.png");
        complete();
        chromium.waitFor().until(driver -> tasks.createTaskQuery().taskId(taskId).count() == 0);
        fixtures.settle(runId);

        assertThat(rounds.rounds(runId, 10)).singleElement().satisfies(round -> {
            assertThat(round.state()).isEqualTo(ReminderRound.State.SENT);
            assertThat(round.decidedBy()).isEqualTo(TREASURER);
            assertThat(round.fee()).isEqualByComparingTo("50.00");
            assertThat(round.sent()).isEqualTo(2);
        });
        assertThat(fixtures.charges(runId)).allSatisfy((ChargeView charge) -> {
            assertThat(charge.total()).isEqualByComparingTo("300.00");
            assertThat(charge.lines()).anyMatch(line -> line.kind().equals("FEE") && line.text().equals("Rykkergebyr"));
        });
        assertThat(fixtures.queuedReminders(runId)).hasSize(2).allMatch(kind -> kind.startsWith("FIRST_REMINDER"));
    }

    private void complete() {
        click(chromium.waitFor().until(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space()='Complete']"))));
    }

    /** Scrolled to the middle first: Tasklist's bar at the bottom would take a click on the form's last fields. */
    private void click(WebElement element) {
        ((JavascriptExecutor) chromium.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private WebElement field(String label) {
        return chromium.driver().findElement(By.xpath("//label[normalize-space()='" + label + "']/following::input[1]"));
    }
}
