package io.duesflow.members;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/members")
@Tag(name = "Members")
class MemberController {

    private final MemberRegister register;

    MemberController(MemberRegister register) {
        this.register = register;
    }

    @GetMapping
    @Operation(summary = "Search members by name, number, group, collection method and status, a page at a time")
    MemberSearch.Page search(@RequestParam(required = false) String name,
                             @RequestParam(required = false) Long number,
                             @RequestParam(required = false) String group,
                             @RequestParam(required = false) CollectionMethod method,
                             @RequestParam(required = false) MemberStatus status,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw new io.duesflow.platform.InvalidInput(size < 1 || size > 1000 ? "size" : "page",
                    "page is 0 or more, size between 1 and 1000");
        }
        return register.search(new MemberSearch.Criteria(name, number, group, method, status), page, size);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a member; without a member number the next free one is given")
    MemberView register(@RequestParam(required = false) Long memberNumber, @RequestBody MemberInput member) {
        return register.register(memberNumber, member);
    }

    @GetMapping("/{number}")
    MemberView member(@PathVariable long number) {
        return register.member(number);
    }

    @PutMapping("/{number}")
    @Operation(summary = "Change a member; send the version you read, a stale one answers 409")
    MemberView change(@PathVariable long number, @RequestBody MemberInput member) {
        return register.change(number, member);
    }

    @GetMapping("/{number}/history")
    @Operation(summary = "Who changed this member, when and what")
    List<ChangeLog.Entry> history(@PathVariable long number) {
        return register.history(number);
    }

    @GetMapping("/without-valid-mandate")
    @Operation(summary = "Members on direct debit without an active mandate or agreement: they are invoiced instead")
    List<MemberSearch.Summary> withoutValidMandate() {
        return register.withoutValidMandate();
    }

    record MethodChange(CollectionMethod method) {
    }

    @PutMapping("/{number}/collection-method")
    MemberView changeCollectionMethod(@PathVariable long number, @RequestBody MethodChange change) {
        return register.changeCollectionMethod(number, required(change.method()));
    }

    record MethodSwitch(CollectionMethod method, String name, String group, CollectionMethod currentMethod,
                        MemberStatus status) {
    }

    @PostMapping("/collection-method")
    @Operation(summary = "Switch all members, or those matching the filters, to one collection method")
    Map<String, Integer> switchCollectionMethod(@RequestBody MethodSwitch change) {
        int changed = register.switchCollectionMethod(required(change.method()),
                new MemberSearch.Criteria(change.name(), null, change.group(), change.currentMethod(), change.status()));
        return Map.of("changed", changed);
    }

    record GroupChange(String group, LocalDate on) {
    }

    @PostMapping("/{number}/groups")
    MemberView joinGroup(@PathVariable long number, @RequestBody GroupChange change) {
        return register.joinGroup(number, change.group(), change.on());
    }

    @PostMapping("/{number}/groups/leave")
    MemberView leaveGroup(@PathVariable long number, @RequestBody GroupChange change) {
        return register.leaveGroup(number, change.group(), change.on());
    }

    record NewMandate(String mandateId, String iban, String bic, LocalDate signedOn) {
    }

    @PostMapping("/{number}/sepa-mandates")
    MemberView addSepaMandate(@PathVariable long number, @RequestBody NewMandate mandate) {
        return register.addSepaMandate(number, mandate.mandateId(), mandate.iban(), mandate.bic(), mandate.signedOn());
    }

    record Amendment(String mandateId, String iban, String bic) {
    }

    @PutMapping("/{number}/sepa-mandates/{mandateId}")
    @Operation(summary = "Amend a mandate: a new IBAN or mandate id; the original is kept for the next collection")
    MemberView amendSepaMandate(@PathVariable long number, @PathVariable String mandateId, @RequestBody Amendment amendment) {
        return register.amendSepaMandate(number, mandateId, amendment.mandateId(), amendment.iban(), amendment.bic());
    }

    @DeleteMapping("/{number}/sepa-mandates/{mandateId}")
    @Operation(summary = "Revoke a mandate; it stays on record")
    MemberView revokeSepaMandate(@PathVariable long number, @PathVariable String mandateId) {
        return register.revokeSepaMandate(number, mandateId);
    }

    record NewAgreement(String agreementNumber) {
    }

    @PostMapping("/{number}/betalingsservice-agreements")
    MemberView addAgreement(@PathVariable long number, @RequestBody NewAgreement agreement) {
        return register.addBetalingsserviceAgreement(number, agreement.agreementNumber());
    }

    @DeleteMapping("/{number}/betalingsservice-agreements/{agreementNumber}")
    MemberView cancelAgreement(@PathVariable long number, @PathVariable String agreementNumber) {
        return register.cancelBetalingsserviceAgreement(number, agreementNumber);
    }

    record NewSuspension(LocalDate startsOn, LocalDate endsOn) {
    }

    @PostMapping("/{number}/suspensions")
    @Operation(summary = "Suspend a member for a period: they pay the monthly suspension fee instead of the normal price")
    MemberView suspend(@PathVariable long number, @RequestBody NewSuspension suspension) {
        return register.suspend(number, suspension.startsOn(), suspension.endsOn());
    }

    @DeleteMapping("/{number}/suspensions/{startsOn}")
    MemberView endSuspension(@PathVariable long number, @PathVariable LocalDate startsOn) {
        return register.endSuspension(number, startsOn);
    }

    private static CollectionMethod required(CollectionMethod method) {
        if (method == null) {
            throw new io.duesflow.platform.InvalidInput("method",
                    "Choose INVOICE, SEPA_DIRECT_DEBIT, BETALINGSSERVICE, CARD or MANUAL");
        }
        return method;
    }
}
