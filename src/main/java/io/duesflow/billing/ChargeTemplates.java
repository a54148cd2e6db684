package io.duesflow.billing;

import java.util.Comparator;
import java.util.List;

import io.duesflow.platform.Conflict;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
import io.duesflow.platform.NotFound;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Named sets of lines for single charges and for billing a whole group. */
@Component
@Transactional
class ChargeTemplates {

    private final ChargeTemplateRepository templates;

    ChargeTemplates(ChargeTemplateRepository templates) {
        this.templates = templates;
    }

    @Transactional(readOnly = true)
    List<ChargeTemplate> all() {
        return templates.findAll().stream().sorted(Comparator.comparing(ChargeTemplate::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    @Transactional(readOnly = true)
    ChargeTemplate template(long id) {
        return templates.findById(id).orElseThrow(() -> new NotFound("Charge template", id));
    }

    ChargeTemplate save(Long id, Integer version, String name, List<ChargeTemplate.Line> lines) {
        if (name == null || name.isBlank()) {
            throw new InvalidInput("name", "A template needs a name, e.g. \"Key deposit\"");
        }
        List<ChargeTemplate.Line> checked = checkedLines(lines);
        templates.findAll().stream()
                .filter(other -> other.name().equalsIgnoreCase(name.trim()) && !other.id().equals(id))
                .findAny().ifPresent(other -> {
                    throw new Conflict("name", "There is already a template called '" + other.name() + "'");
                });
        ChargeTemplate stored = id == null ? null : template(id);
        return templates.save(new ChargeTemplate(id, version == null && stored != null ? stored.version() : version,
                name.trim(), checked,
                stored == null ? null : stored.createdAt(), stored == null ? null : stored.createdBy(), null, null));
    }

    void delete(long id) {
        templates.delete(template(id));
    }

    /** Lines worth billing: each with a text and an amount above 0 in cents. */
    static List<ChargeTemplate.Line> checkedLines(List<ChargeTemplate.Line> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new InvalidInput("lines", "Give at least one line with a text and an amount");
        }
        for (int i = 0; i < lines.size(); i++) {
            ChargeTemplate.Line line = lines.get(i);
            if (line == null || line.text() == null || line.text().isBlank()) {
                throw new InvalidInput("lines[" + i + "].text", "Line " + (i + 1) + " needs a text the member will read");
            }
            try {
                Money.checked("lines[" + i + "].amount", line.amount(), true);
            } catch (InvalidInput e) {
                throw new InvalidInput(e.field(), "Line " + (i + 1) + " (" + line.text().trim() + "): " + e.getMessage());
            }
        }
        return lines.stream().map(line -> new ChargeTemplate.Line(line.text().trim(), Money.of(line.amount()).amount(),
                line.ledgerAccount() == null || line.ledgerAccount().isBlank() ? null : line.ledgerAccount().trim())).toList();
    }
}
