package io.duesflow.billing;

import java.util.List;

import io.duesflow.members.MemberRegister;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/billing")
@Tag(name = "Billing lines and simulation")
class BillingController {

    private final BillingRules rules;
    private final BillingPdf pdf;
    private final MemberRegister register;

    BillingController(BillingRules rules, BillingPdf pdf, MemberRegister register) {
        this.rules = rules;
        this.pdf = pdf;
        this.register = register;
    }

    @GetMapping("/lines")
    List<BillingLine> lines() {
        return rules.lines();
    }

    @GetMapping("/lines/{id}")
    BillingLine line(@PathVariable long id) {
        return rules.line(id);
    }

    @PostMapping("/lines")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a billing line; a wrong criteria expression or formula is refused with its position")
    BillingLine create(@RequestBody BillingLineInput line) {
        return rules.create(line);
    }

    @PutMapping("/lines/{id}")
    BillingLine change(@PathVariable long id, @RequestBody BillingLineInput line) {
        return rules.change(id, line);
    }

    @PostMapping(value = "/simulations", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Simulate a run: who would be billed, each line and amount, who is skipped and why, totals")
    Simulation simulate(@RequestBody SimulationRequest request) {
        return rules.simulate(request);
    }

    @PostMapping(value = "/simulations", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The same simulation as a printable PDF")
    ResponseEntity<byte[]> simulatePdf(@RequestBody SimulationRequest request) {
        Simulation simulation = rules.simulate(request);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"simulation-" + simulation.periodFrom()
                        + "-" + simulation.periodTo() + ".pdf\"")
                .contentType(MediaType.APPLICATION_PDF)
                .body(pdf.simulation(simulation, register.association().name()));
    }
}
