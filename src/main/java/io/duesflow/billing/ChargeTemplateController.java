package io.duesflow.billing;

import java.util.List;

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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/billing/templates")
@Tag(name = "Charge templates")
class ChargeTemplateController {

    private final BillingRuns runs;

    ChargeTemplateController(BillingRuns runs) {
        this.runs = runs;
    }

    record TemplateInput(String name, List<ChargeTemplate.Line> lines, Integer version) {
    }

    @GetMapping
    @Operation(summary = "The charge templates: named sets of lines for single charges and whole groups")
    List<ChargeTemplate> templates() {
        return runs.templates();
    }

    @GetMapping("/{id}")
    ChargeTemplate template(@PathVariable long id) {
        return runs.template(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a template")
    ChargeTemplate create(@RequestBody TemplateInput input) {
        return runs.saveTemplate(null, null, input.name(), input.lines());
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a template; runs created from it keep their own copy of its lines")
    ChargeTemplate change(@PathVariable long id, @RequestBody TemplateInput input) {
        return runs.saveTemplate(id, input.version(), input.name(), input.lines());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        runs.deleteTemplate(id);
    }
}
