package io.duesflow.dunning;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.billing.ChargeReminders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reminder rounds over REST: what each round collected, sent and left out (and why), the charges left for follow-up
 * by hand, the doors to a round's approval task and to "Send a reminder now" (the same process steps Tasklist
 * offers, as the calling user), a charge's "no reminders" flag, and the association's dunning settings.
 */
@RestController
@RequestMapping("/api/dunning")
@Tag(name = "Reminders")
class DunningController {

    private final ReminderRounds rounds;
    private final DunningProcesses processes;
    private final ChargeReminders reminders;

    DunningController(ReminderRounds rounds, DunningProcesses processes, ChargeReminders reminders) {
        this.rounds = rounds;
        this.processes = processes;
        this.reminders = reminders;
    }

    /** A treasurer's decision on a round; an empty fee is none. */
    record Approval(BigDecimal reminderFee, LocalDate payBy, String message) {
    }

    record StopRequest(String reason) {
    }

    record SendNow(String processInstance) {
    }

    @GetMapping("/rounds")
    @Operation(summary = "Reminder rounds, newest first, of one run or of all")
    List<ReminderRound> rounds(@RequestParam(required = false) Long run, @RequestParam(defaultValue = "100") int limit) {
        return rounds.rounds(run, Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/rounds/{id}")
    @Operation(summary = "One round: what it collected, who decided and when, what it sent")
    ReminderRound round(@PathVariable long id) {
        return rounds.round(id);
    }

    @GetMapping(value = "/rounds/{id}/charges", produces = "application/json")
    @Operation(summary = "What the round did with each charge: SELECTED (waiting), SENT (with its fee) or SKIPPED, "
            + "with the reason")
    List<ReminderRound.Charge> charges(@PathVariable long id, @RequestParam(required = false) String outcome,
                                       @RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "100") int size) {
        return rounds.charges(id, outcome, Math.max(0, page), Math.max(1, Math.min(size, 10_000)));
    }

    @GetMapping(value = {"/rounds/{id}/charges.csv", "/rounds/{id}/charges"}, produces = "text/csv")
    @Operation(summary = "The round's charges as CSV (semicolon separated, for a spreadsheet)")
    String chargesCsv(@PathVariable long id, @RequestParam(required = false) String outcome) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader("charge",
                "member_number", "due_date", "owed", "reminder_level", "last_reminded_on", "fee_letters", "outcome",
                "reason", "fee").get())) {
            for (ReminderRound.Charge c : rounds.charges(id, outcome, 0, Integer.MAX_VALUE)) {
                csv.printRecord(c.number(), c.memberNumber(), c.dueDate(), c.owed(), c.level(), c.lastRemindedOn(),
                        c.feeLetters(), c.outcome(), c.reason(), c.fee());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @PostMapping("/runs/{runId}/send-now")
    @Operation(summary = "Send a reminder now: a round of the run is collected at once and waits for approval, as "
            + "Tasklist's \"Send a reminder now\" does; refused (409) while a round of the run waits for approval")
    SendNow sendNow(@PathVariable long runId) {
        return new SendNow(processes.askForReminderNow(runId));
    }

    @PostMapping("/runs/{runId}/round/approve")
    @Operation(summary = "Send the run's waiting round: its approval task is completed with \"send\", the fee per "
            + "letter, the pay-by date and the message; a fee or date the law refuses is answered 400 naming the rule")
    ReminderRound approve(@PathVariable long runId, @RequestBody Approval approval) {
        Long roundId = waitingRound(runId);
        Map<String, Object> variables = new HashMap<>();
        variables.put(DunningVariables.DECISION, DunningVariables.SEND);
        variables.put(DunningVariables.FEE, approval.reminderFee() == null ? "" : approval.reminderFee().toPlainString());
        variables.put(DunningVariables.PAY_BY, approval.payBy() == null ? null : approval.payBy().toString());
        variables.put(DunningVariables.MESSAGE, approval.message() == null ? "" : approval.message());
        processes.decide(runId, variables);
        return rounds.round(roundId);
    }

    @PostMapping("/runs/{runId}/round/skip")
    @Operation(summary = "Skip the run's waiting round: its approval task is completed with \"skip\"; nothing is sent")
    ReminderRound skip(@PathVariable long runId) {
        Long roundId = waitingRound(runId);
        processes.decide(runId, Map.of(DunningVariables.DECISION, DunningVariables.SKIP));
        return rounds.round(roundId);
    }

    private Long waitingRound(long runId) {
        var task = processes.waitingTask(runId);
        if (task == null) {
            throw new io.duesflow.platform.Conflict("state", "No reminder round of run " + runId + " waits for approval");
        }
        return ((Number) processes.roundOf(task)).longValue();
    }

    @GetMapping("/follow-up")
    @Operation(summary = "Charges still owed after their run's last reminder round: to be followed up by hand")
    List<RoundRows.FollowUp> followUp(@RequestParam(required = false) Long run,
                                      @RequestParam(defaultValue = "1000") int limit) {
        return rounds.followUps(run, Math.max(1, Math.min(limit, 100_000)));
    }

    @PostMapping("/charges/{number}/stop-reminders")
    @Operation(summary = "No more reminders for this charge (an arrangement with the member), with the reason")
    ChargeReminders.ReminderState stop(@PathVariable String number, @RequestBody StopRequest request) {
        return reminders.stopReminders(number, request == null ? null : request.reason());
    }

    @PostMapping("/charges/{number}/resume-reminders")
    @Operation(summary = "Reminder rounds take this charge again while it is owed")
    ChargeReminders.ReminderState resume(@PathVariable String number) {
        return reminders.resumeReminders(number);
    }

    @PostMapping("/members/{memberNumber}/stop-reminders")
    @Operation(summary = "No more reminders for any charge the member still owes; answers how many were stopped")
    Map<String, Integer> stopMember(@PathVariable long memberNumber, @RequestBody StopRequest request) {
        return Map.of("stopped", reminders.stopRemindersOfMember(memberNumber, request == null ? null : request.reason()));
    }

    @GetMapping("/charges/{number}")
    @Operation(summary = "A charge's reminder state: level, last reminder, fee letters, stop flag")
    ChargeReminders.ReminderState state(@PathVariable String number) {
        return reminders.state(number);
    }

    @GetMapping("/settings")
    @Operation(summary = "The association's dunning settings (the fee rules apply outside Denmark and the Netherlands)")
    DunningSettings settings() {
        return rounds.settings();
    }

    @PutMapping("/settings")
    @Operation(summary = "Change the dunning settings; send only what changes, with the version you read")
    DunningSettings updateSettings(@RequestBody DunningSettingsStore.Change change) {
        return rounds.updateSettings(change);
    }
}
