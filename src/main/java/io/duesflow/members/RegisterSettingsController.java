package io.duesflow.members;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The association's settings, its extra fields and its groups. */
@RestController
@RequestMapping("/api")
@Tag(name = "Association, groups and extra fields")
class RegisterSettingsController {

    private final MemberRegister register;
    private final ObjectMapper json;

    RegisterSettingsController(MemberRegister register, ObjectMapper json) {
        this.register = register;
        this.json = json;
    }

    @GetMapping("/association")
    Association association() {
        return register.association();
    }

    @PutMapping("/association")
    @Operation(summary = "Change the association's settings; send the version you read. Settings left out keep their "
            + "stored values (also inside address and sepa); null or an empty text clears an optional one")
    Association updateAssociation(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            schema = @Schema(implementation = Association.class))) @RequestBody ObjectNode changes) {
        return register.updateAssociation(AssociationChanges.applied(changes, register.association(), json));
    }

    @GetMapping("/extra-fields")
    List<ExtraField> extraFields() {
        return register.extraFields();
    }

    record NewExtraField(String name, ExtraFieldType type) {
    }

    @PostMapping("/extra-fields")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Define the next extra field (F1, F2, …) with a name and a type")
    ExtraField defineExtraField(@RequestBody NewExtraField field) {
        return register.defineExtraField(field.name(), field.type());
    }

    record Rename(String name, Integer version) {
    }

    @PutMapping("/extra-fields/{code}")
    ExtraField renameExtraField(@PathVariable String code, @RequestBody Rename rename) {
        return register.renameExtraField(code, rename.name(), rename.version());
    }

    @GetMapping("/groups")
    List<MemberGroup> groups() {
        return register.groups();
    }

    record GroupInput(String name, BigDecimal price, String ledgerAccount, Integer version) {
    }

    @PostMapping("/groups")
    @ResponseStatus(HttpStatus.CREATED)
    MemberGroup createGroup(@RequestBody GroupInput group) {
        return register.createGroup(group.name(), group.price(), group.ledgerAccount());
    }

    @PutMapping("/groups/{id}")
    MemberGroup changeGroup(@PathVariable long id, @RequestBody GroupInput group) {
        return register.changeGroup(id, group.name(), group.price(), group.ledgerAccount(), group.version());
    }
}
