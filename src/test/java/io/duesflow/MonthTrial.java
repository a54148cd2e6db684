package io.duesflow;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The month the trials run against the application as its own process ({@link AppProcess}; crashes in
 * {@link FaultTrials}, two nodes and outages in {@link NodeTrials}): the association made a SEPA creditor, a register
 * of {@code members} (half on SEPA direct debit with a mandate, half invoiced) imported over REST, a monthly line, a
 * scheduled run over {@code months} months; later a camt.053 paying two thirds of the invoiced charges by their RF
 * reference. Then the checks, in SQL and in the SMTP server's log ({@link SmtpSink}):
 * <ul>
 *     <li>every member has exactly one charge per due date of the run;</li>
 *     <li>every mail of the run is sent, and reached the SMTP server under its own Message-ID; another Message-ID
 *     for the same document is a double. The same Message-ID received twice is the one exception duesflow owns to
 *     (lost between the server's 250 and the commit that marks the mail sent): it is counted as
 *     {@code resent_same_id}, not as a double, since a mail client shows one mail per Message-ID;</li>
 *     <li>one pain.008 per run, collection date and sequence type, in the table and in the outbox folder, and every
 *     SEPA charge collected once;</li>
 *     <li>the statement imported once, every credit in it booked as one payment;</li>
 *     <li>every posting once: one approval line per charge, one voucher per placed file, one bank-file line per
 *     payment (vouchers are keyed by their event, {@code unique (source, source_key)}), and every voucher
 *     balances.</li>
 * </ul>
 */
final class MonthTrial {

    static final String IBAN = "NL91ABNA0417164300";
    static final String CREDITOR_ID = "DE98ZZZ09999999999";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("<?([a-z-]+)-(\\d+)\\.[^@]*@duesflow>?");

    final int members;
    final int months;

    MonthTrial(int members, int months) {
        this.members = members;
        this.months = months;
    }

    record Outcome(int doubles, int lost, int resentSameId, List<String> findings) {
    }

    /** The association, the register and the line, then a scheduled run over the months from next month: its id. */
    long createRun(AppProcess app, String name) throws Exception {
        JsonNode association = app.json("GET", "/api/association", null, 200);
        ObjectNode changes = JSON.createObjectNode();
        changes.put("version", association.path("version").asInt());
        changes.put("currency", "EUR");
        changes.put("iban", IBAN);
        changes.put("sepaCreditorId", CREDITOR_ID);
        // RCUR from the first collection: all months are collected at approval (with FRST first, the later
        // months wait for the collection's next attempt, minutes later).
        changes.putObject("sepa").put("rcurFromFirst", true);
        app.json("PUT", "/api/association", changes, 200);
        StringBuilder csv = new StringBuilder(
                "member_number;name;email;join_date;language;collection_method;sepa_mandate_id;iban;mandate_signed_on\r\n");
        for (int m = 1; m <= members; m++) {
            boolean sepa = m % 2 == 1;
            csv.append(m).append(";Member ").append(m).append(";member").append(m).append("@example.org;2020-01-01;da;")
                    .append(sepa ? "SEPA_DIRECT_DEBIT" : "INVOICE").append(';')
                    .append(sepa ? "M-" + m + ";" + iban(m) + ";2024-05-01" : ";;").append("\r\n");
        }
        JsonNode imported = app.call("POST", "/api/members/import", "text/csv; charset=UTF-8",
                csv.toString().getBytes(StandardCharsets.UTF_8), 200);
        if (imported.path("created").asInt() != members) {
            throw new IllegalStateException("the import went wrong: " + AppProcess.abbreviate(imported.toString()));
        }
        LocalDate first = LocalDate.now(ZoneId.of("Europe/Copenhagen")).withDayOfMonth(1).plusMonths(1);
        LocalDate last = first.plusMonths(months).minusDays(1);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", "Dues");
        line.put("position", 1);
        line.put("kind", "SCHEDULED");
        line.put("frequency", "MONTHLY");
        line.put("firstDueDate", first.toString());
        line.put("active", true);
        line.put("who", "ALL");
        line.put("priceKind", "FIXED");
        line.put("price", new BigDecimal("20.00"));
        app.json("POST", "/api/billing/lines", line, 200, 201);
        JsonNode created = app.json("POST", "/api/billing/runs", Map.of("kind", "SCHEDULED", "name", name,
                "from", first.toString(), "to", last.toString()), 201);
        return created.path("id").asLong();
    }

    static String businessKey(long runId) {
        return "run-" + runId;
    }

    static String runState(AppProcess app, long runId) {
        JsonNode run = app.get("/api/billing/runs/" + runId);
        return run == null ? null : run.path("state").asText();
    }

    /** Sent, and its direct debits handed to the bank. */
    static boolean sentAndCollected(AppProcess app, long runId) {
        JsonNode run = app.get("/api/billing/runs/" + runId);
        return run != null && "SENT".equals(run.path("state").asText())
                && "DONE".equals(run.path("collectionState").asText());
    }

    static boolean waiting(AppProcess app, long runId, String task) {
        JsonNode tasks = app.get("/engine-rest/task?processInstanceBusinessKey=" + businessKey(runId)
                + "&taskDefinitionKey=" + task);
        return tasks != null && tasks.isArray() && !tasks.isEmpty();
    }

    /** Two thirds of the run's invoiced charges: those the statement pays. */
    static List<Map<String, Object>> toBePaid(AppProcess app, long runId) throws Exception {
        List<Map<String, Object>> invoiced = app.rows("""
                select c.number, c.rf_reference, c.total, c.member_number from duesflow.charge c
                where c.run_id = ? and c.collection_method = 'INVOICE' and c.rf_reference is not null
                order by c.id""", runId);
        List<Map<String, Object>> paid = new ArrayList<>();
        for (int i = 0; i < invoiced.size(); i++) {
            if (i % 3 != 2) {
                paid.add(invoiced.get(i));
            }
        }
        return paid;
    }

    /** The statement paying {@code paid}, written beside the inbox's files and moved in whole, as download clients do. */
    static Path dropStatement(Path inbox, int trial, List<Map<String, Object>> paid) throws IOException {
        Files.createDirectories(inbox);
        Path part = inbox.resolve(".trial-" + trial + ".part");
        Files.writeString(part, camt(trial, LocalDate.now(ZoneId.of("Europe/Copenhagen")), paid));
        Path file = inbox.resolve("statement-" + trial + ".xml");
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    // --- the checks -----------------------------------------------------------------------------------------------

    /** The checks above, after the findings the trial itself adds (what it did to the application). */
    Outcome check(AppProcess app, Path bankOutbox, long runId, Path smtpLog, List<Map<String, Object>> paid,
                  List<String> findings) throws Exception {
        int doubles = 0;
        int lost = 0;

        // every member: one charge per due date of the run
        List<Map<String, Object>> perMember = app.rows("""
                select m.n as member, count(c.id) as charges, count(distinct c.due_date) as dates
                from generate_series(1, ?) m(n)
                left join duesflow.charge c on c.member_number = m.n and c.run_id = ?
                group by m.n""", members, runId);
        for (Map<String, Object> row : perMember) {
            long charges = ((Number) row.get("charges")).longValue();
            long dates = ((Number) row.get("dates")).longValue();
            if (charges > dates) {
                doubles += (int) (charges - dates);
                findings.add("member " + row.get("member") + " has " + charges + " charges on " + dates + " dates");
            }
            if (dates < months) {
                lost += (int) (months - dates);
                findings.add("member " + row.get("member") + " is billed on " + dates + " of " + months + " dates");
            }
        }

        // every mail of the run sent once, under its own Message-ID
        Map<String, Integer> received = new HashMap<>();
        for (String id : Files.readAllLines(smtpLog)) {
            received.merge(id.trim().replaceAll("^<|>$", ""), 1, Integer::sum);
        }
        List<Map<String, Object>> outbox = app.rows("""
                select kind, document_id, status, message_id from duesflow.mail_outbox where run_id = ?""", runId);
        Map<String, String> documentOfId = new HashMap<>();
        int resentSameId = 0;
        int notSent = 0;
        int notReceived = 0;
        for (Map<String, Object> mail : outbox) {
            String id = (String) mail.get("message_id");
            documentOfId.put(id, mail.get("kind") + "/" + mail.get("document_id"));
            if (!"SENT".equals(mail.get("status"))) {
                notSent++;
            }
            int times = received.getOrDefault(id, 0);
            if (times == 0) {
                notReceived++;
            } else {
                resentSameId += times - 1;
            }
        }
        long chargeCount = app.number("select count(*) from duesflow.charge where run_id = ?", runId);
        if (outbox.size() < chargeCount) {
            lost += (int) (chargeCount - outbox.size());
            findings.add(outbox.size() + " invoice mails queued for " + chargeCount + " charges");
        }
        if (notSent > 0 || notReceived > 0) {
            lost += Math.max(notSent, notReceived);
            findings.add(notSent + " mails not marked sent, " + notReceived + " never reached the SMTP server");
        }
        int otherIds = 0;
        for (Map.Entry<String, Integer> got : received.entrySet()) {
            if (documentOfId.containsKey(got.getKey())) {
                continue;
            }
            Matcher m = ID.matcher(got.getKey());
            boolean sameDocument = m.matches() && outbox.stream().anyMatch(mail -> String.valueOf(
                    mail.get("document_id")).equals(m.group(2)) && ((String) mail.get("message_id"))
                    .startsWith(m.group(1) + "-"));
            if (sameDocument) {
                doubles += got.getValue();
                findings.add("a document mailed again under another Message-ID: " + got.getKey());
            } else {
                otherIds += got.getValue();
            }
        }
        if (resentSameId > 0) {
            findings.add(resentSameId + " mail(s) received twice under the same Message-ID (accepted, then lost before "
                    + "the commit that marks them sent: a kill or an outage)");
        }
        if (otherIds > 0) {
            findings.add(otherIds + " other mail(s) (notices to the association), not checked");
        }

        // one pain.008 per run, date and sequence; every SEPA charge collected once
        for (Map<String, Object> row : app.rows("""
                select collection_date, sequence_type, count(*) as files from duesflow.sepa_file where run_id = ?
                group by collection_date, sequence_type having count(*) > 1""", runId)) {
            doubles += ((Number) row.get("files")).intValue() - 1;
            findings.add(row.get("files") + " pain.008 files for " + row.get("collection_date") + " "
                    + row.get("sequence_type"));
        }
        long sepaCharges = app.number("select count(*) from duesflow.charge where run_id = ? "
                + "and collection_method = 'SEPA_DIRECT_DEBIT' and not invoiced_instead", runId);
        long collected = app.number("select count(*) from duesflow.sepa_collection where run_id = ?", runId);
        if (collected < sepaCharges) {
            lost += (int) (sepaCharges - collected);
            findings.add(collected + " of " + sepaCharges + " SEPA charges collected");
        }
        List<String> fileNames = new ArrayList<>();
        for (Map<String, Object> row : app.rows("select file_name from duesflow.sepa_file where run_id = ?", runId)) {
            fileNames.add((String) row.get("file_name"));
        }
        List<String> inOutbox;
        try (Stream<Path> files = Files.list(bankOutbox)) {
            inOutbox = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        } catch (IOException e) {
            inOutbox = List.of();
        }
        for (String name : fileNames) {
            if (!inOutbox.contains(name)) {
                lost++;
                findings.add("pain.008 " + name + " recorded but not in the bank outbox");
            }
        }
        for (String name : inOutbox) {
            if (!fileNames.contains(name)) {
                doubles++;
                findings.add("a file in the bank outbox that no sepa_file row names: " + name);
            }
        }
        if (fileNames.isEmpty()) {
            lost++;
            findings.add("no pain.008 written");
        }

        // the statement imported once, each credit one payment
        if (!paid.isEmpty()) {
            long files = app.number("select count(*) from duesflow.bank_file");
            if (files == 0) {
                lost++;
                findings.add("the statement was never imported");
            } else if (files > 1) {
                doubles += (int) (files - 1);
                findings.add("the statement imported " + files + " times");
            }
        }
        for (Map<String, Object> charge : paid) {
            long payments = app.number("select count(*) from duesflow.payment where charge_number = ?",
                    charge.get("number"));
            if (payments != 1) {
                if (payments > 1) {
                    doubles += (int) (payments - 1);
                } else {
                    lost++;
                }
                findings.add("charge " + charge.get("number") + " has " + payments + " payments for one credit");
            }
        }

        // every posting once; every voucher balances
        long approvalVouchers = app.number("select count(*) from duesflow.voucher where source = 'RUN_APPROVED' "
                + "and source_key = ?", String.valueOf(runId));
        if (approvalVouchers != 1) {
            lost++;
            findings.add(approvalVouchers + " vouchers for the run's approval");
        }
        for (Map<String, Object> row : app.rows("""
                select c.number, (select count(*) from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                                  where v.source = 'RUN_APPROVED' and l.charge_id = c.id and l.amount > 0) as lines
                from duesflow.charge c where c.run_id = ?""", runId)) {
            long lines = ((Number) row.get("lines")).longValue();
            if (lines != 1) {
                if (lines > 1) {
                    doubles += (int) (lines - 1);
                } else {
                    lost++;
                }
                findings.add("charge " + row.get("number") + " posted " + lines + " times at approval");
            }
        }
        for (Map<String, Object> row : app.rows("""
                select f.file_name, (select count(*) from duesflow.voucher v where v.source = 'COLLECTION_PLACED'
                                     and v.source_key = f.file_name || '/' || f.collection_date) as vouchers
                from duesflow.sepa_file f where f.run_id = ?""", runId)) {
            long vouchers = ((Number) row.get("vouchers")).longValue();
            if (vouchers != 1) {
                lost++;
                findings.add("placed file " + row.get("file_name") + " has " + vouchers + " vouchers");
            }
        }
        long placedVouchers = app.number("select count(*) from duesflow.voucher where source = 'COLLECTION_PLACED'");
        if (placedVouchers > fileNames.size()) {
            doubles += (int) (placedVouchers - fileNames.size());
            findings.add(placedVouchers + " collection vouchers for " + fileNames.size() + " files");
        }
        for (Map<String, Object> charge : paid) {
            long lines = app.number("""
                    select count(*) from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                    join duesflow.charge c on c.id = l.charge_id
                    where v.source = 'BANK_FILE' and c.number = ? and l.amount < 0""", charge.get("number"));
            if (lines != 1) {
                if (lines > 1) {
                    doubles += (int) (lines - 1);
                } else {
                    lost++;
                }
                findings.add("payment of " + charge.get("number") + " posted " + lines + " times");
            }
        }
        long unbalanced = app.number("""
                select count(*) from (select voucher_id from duesflow.journal_line group by voucher_id
                                      having sum(amount) <> 0) u""");
        if (unbalanced != 0) {
            lost += (int) unbalanced;
            findings.add(unbalanced + " vouchers that do not balance");
        }
        findings.add(String.format(Locale.ROOT, "checked: %d charges, %d mails (%d received), %d pain.008 files, "
                        + "%d payments, %d vouchers", chargeCount, outbox.size(),
                received.values().stream().mapToInt(Integer::intValue).sum(), fileNames.size(),
                app.number("select count(*) from duesflow.payment"), app.number("select count(*) from duesflow.voucher")));
        return new Outcome(doubles, lost, resentSameId, findings);
    }

    static String iban(int member) {
        return new org.iban4j.Iban.Builder().countryCode(org.iban4j.CountryCode.NL).bankCode("ABNA")
                .accountNumber(String.format("%010d", 5000L + member * 7919L)).build().toString();
    }

    /** A camt.053.001.08 of one credit per charge, each quoting the charge's RF reference. */
    static String camt(int trial, LocalDate on, List<Map<String, Object>> charges) {
        StringBuilder entries = new StringBuilder();
        int n = 0;
        for (Map<String, Object> charge : charges) {
            n++;
            String amount = ((BigDecimal) charge.get("total")).toPlainString();
            entries.append("""
                          <Ntry>
                            <Amt Ccy="EUR">%1$s</Amt>
                            <CdtDbtInd>CRDT</CdtDbtInd>
                            <Sts><Cd>BOOK</Cd></Sts>
                            <BookgDt><Dt>%2$s</Dt></BookgDt>
                            <ValDt><Dt>%2$s</Dt></ValDt>
                            <AcctSvcrRef>TRIAL-%3$d-C%4$d</AcctSvcrRef>
                            <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                            <NtryDtls>
                              <TxDtls>
                                <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
                                <Amt Ccy="EUR">%1$s</Amt>
                                <CdtDbtInd>CRDT</CdtDbtInd>
                                <RltdPties><Dbtr><Pty><Nm>Member %5$s</Nm></Pty></Dbtr></RltdPties>
                                <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>
                                  <Ref>%6$s</Ref></CdtrRefInf></Strd></RmtInf>
                              </TxDtls>
                            </NtryDtls>
                          </Ntry>
                    """.formatted(amount, on, trial, n, charge.get("member_number"), charge.get("rf_reference")));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>TRIAL-%1$d-%4$d</MsgId><CreDtTm>%2$sT23:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>TRIAL-%1$d-%2$s</Id>
                      <CreDtTm>%2$sT23:00:00</CreDtTm>
                      <Acct><Id><IBAN>%3$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                        <Dt><Dt>%2$s</Dt></Dt></Bal>
                %5$s    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(trial, on, IBAN, System.nanoTime(), entries);
    }
}
