package io.duesflow.members;

import static io.duesflow.members.MemberCsvColumns.STANDARD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the register as CSV in the format the import reads: {@code ;}-separated UTF-8 with a byte order mark
 * (so spreadsheet programs see the letters right), ISO dates, groups joined with {@code |}, the active
 * mandate, extra fields under their names. Streams row by row, whatever the size of the register.
 */
@Component
class MemberExport {

    private static final TypeReference<Map<String, String>> EXTRA = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final MemberRegister register;
    private final ObjectMapper json = new ObjectMapper();

    MemberExport(DataSource dataSource, MemberRegister register) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1000);
        this.register = register;
    }

    @Transactional(readOnly = true)
    public void write(Writer out) {
        List<ExtraField> fields = register.extraFields();
        List<String> header = new ArrayList<>(STANDARD);
        fields.forEach(field -> header.add(field.name()));
        try {
            out.write('\uFEFF');
            CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(';')
                    .setHeader(header.toArray(String[]::new)).get());
            jdbc.query("""
                    select m.member_number, m.name, m.email, m.street, m.building_number, m.postcode, m.town, m.country,
                           m.phone, m.birth_date, m.join_date, m.leave_date, m.language, m.collection_method,
                           (select string_agg(g.name, '|' order by g.name)
                            from duesflow.group_membership gm join duesflow.member_group g on g.id = gm.group_id
                            where gm.member_id = m.id and gm.left_on is null) as group_names,
                           sm.mandate_id, sm.iban, sm.bic, sm.signed_on,
                           (select a.agreement_number from duesflow.betalingsservice_agreement a
                            where a.member_id = m.id and a.status = 'ACTIVE' order by a.agreement_number limit 1) as agreement,
                           (select jsonb_object_agg(v.field_code,
                                   coalesce(v.number_value::text, v.text_value, v.date_value::text))
                            from duesflow.member_extra_value v where v.member_id = m.id) as extra
                    from duesflow.member m
                    left join lateral (select * from duesflow.sepa_mandate x
                                       where x.member_id = m.id and x.status = 'ACTIVE'
                                       order by x.signed_on desc, x.mandate_id limit 1) sm on true
                    order by m.member_number""", rs -> {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= 20; column++) {
                    Object value = rs.getObject(column);
                    row.add(value instanceof Date date ? date.toLocalDate() : value);
                }
                Map<String, String> extra = parse(rs.getString("extra"));
                fields.forEach(field -> row.add(extra.get(field.code())));
                try {
                    printer.printRecord(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> parse(String extra) {
        try {
            return extra == null ? Map.of() : json.readValue(extra, EXTRA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
