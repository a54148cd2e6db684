package io.duesflow.members;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.duesflow.banking.BankAccounts;
import io.duesflow.banking.CreditorIdentifier;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door of the member register: the association's settings, extra fields, groups and members with
 * their mandates and suspensions. Every change is checked here, saved with its version and logged.
 */
@Service
@Transactional
public class MemberRegister {

    static final Set<String> LANGUAGES = Set.of("da", "nl", "en");

    private final AssociationRepository associations;
    private final ExtraFieldRepository extraFields;
    private final MemberGroupRepository groups;
    private final MemberRepository members;
    private final MemberSearch search;
    private final MemberSnapshots snapshots;
    private final ChangeLog changeLog;
    private final JdbcClient jdbc;
    private final Clock clock;

    MemberRegister(AssociationRepository associations, ExtraFieldRepository extraFields, MemberGroupRepository groups,
                   MemberRepository members, MemberSearch search, MemberSnapshots snapshots, ChangeLog changeLog,
                   JdbcClient jdbc, Clock clock) {
        this.associations = associations;
        this.extraFields = extraFields;
        this.groups = groups;
        this.members = members;
        this.search = search;
        this.snapshots = snapshots;
        this.changeLog = changeLog;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // --- the association -----------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public Association association() {
        return associations.findById(1).orElseThrow(() -> new IllegalStateException("No association row: migration V2 missing"));
    }

    public Association updateAssociation(Association changed) {
        require(changed.name(), "name");
        if (!Set.of("EUR", "DKK").contains(changed.currency())) {
            throw new InvalidInput("currency", "The currency must be EUR or DKK, not '" + changed.currency() + "'");
        }
        try {
            ZoneId.of(changed.timeZone());
        } catch (RuntimeException e) {
            throw new InvalidInput("timeZone", "Unknown time zone '" + changed.timeZone() + "'");
        }
        for (String language : changed.languages().split(",")) {
            if (!LANGUAGES.contains(language.trim())) {
                throw new InvalidInput("languages", "Unknown language '" + language.trim() + "'; choose from da, nl, en");
            }
        }
        String iban = changed.iban() == null ? null : check("iban", () -> BankAccounts.iban(changed.iban()));
        String bic = blank(changed.bic()) ? null : check("bic", () -> BankAccounts.bic(changed.bic()));
        String creditorId = blank(changed.sepaCreditorId()) ? null
                : check("sepaCreditorId", () -> CreditorIdentifier.check(changed.sepaCreditorId()));
        eightDigits(changed.betalingsserviceCreditor(), "betalingsserviceCreditor");
        eightDigits(changed.fiCreditorNumber(), "fiCreditorNumber");
        amount(changed.monthlySuspensionFee(), "monthlySuspensionFee");
        Association stored = association();
        Association saved = associations.save(new Association(1, changed.version(), changed.name().trim(),
                blankToNull(changed.email()), changed.address(), changed.currency(),
                changed.timeZone(), changed.languages().replace(" ", ""), iban, bic, creditorId,
                changed.betalingsserviceCreditor(), changed.fiCreditorNumber(),
                changed.defaultCollectionMethod() == null ? stored.defaultCollectionMethod() : changed.defaultCollectionMethod(),
                changed.monthlySuspensionFee(),
                orDefault(changed.receivablesAccount(), stored.receivablesAccount()),
                orDefault(changed.incomeAccount(), stored.incomeAccount()),
                orDefault(changed.feeAccount(), stored.feeAccount()),
                orDefault(changed.bankAccount(), stored.bankAccount()),
                sepaSettings(changed.sepa(), stored.sepa()),
                stored.createdAt(), stored.createdBy(), null, null));
        changeLog.record("association", 1, "changed", saved.name());
        return saved;
    }

    private static SepaSettings sepaSettings(SepaSettings changed, SepaSettings stored) {
        if (changed == null) {
            return stored == null ? SepaSettings.DEFAULTS : stored;
        }
        if (changed.pain008Version() == null) {
            throw new InvalidInput("sepa.pain008Version", "Choose the pain.008 version your bank takes: V08 or V02");
        }
        if (changed.leadDays() < 1 || changed.leadDays() > 10) {
            throw new InvalidInput("sepa.leadDays", "Lead days are 1 to 10 TARGET2 business days, not " + changed.leadDays());
        }
        return changed;
    }

    // --- extra fields ----------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<ExtraField> extraFields() {
        return extraFields.findAll().stream()
                .sorted((a, b) -> Integer.compare(fieldNumber(a.code()), fieldNumber(b.code()))).toList();
    }

    /** Defines the next free F-code with a name and a type. */
    public ExtraField defineExtraField(String name, ExtraFieldType type) {
        require(name, "name");
        if (type == null) {
            throw new InvalidInput("type", "Choose NUMBER, TEXT or DATE");
        }
        if (name.trim().matches("(?i)F[0-9]+")) {
            throw new InvalidInput("name", "'" + name + "' looks like a field code; give the field a name people read");
        }
        if (extraFields.findByName(name.trim()).isPresent()) {
            throw new Conflict("name", "There is already an extra field called '" + name.trim() + "'");
        }
        int next = extraFields.findAll().stream().mapToInt(f -> fieldNumber(f.code())).max().orElse(0) + 1;
        ExtraField saved = extraFields.save(new ExtraField("F" + next, null, name.trim(), type, null, null, null, null));
        changeLog.record("extra_field", saved.code(), "defined", saved.name() + " (" + type + ")");
        return saved;
    }

    public ExtraField renameExtraField(String code, String name, Integer version) {
        require(name, "name");
        ExtraField field = extraField(code);
        extraFields.findByName(name.trim()).filter(other -> !other.code().equals(code)).ifPresent(other -> {
            throw new Conflict("name", "There is already an extra field called '" + name.trim() + "'");
        });
        ExtraField saved = extraFields.save(new ExtraField(field.code(), version, name.trim(), field.type(),
                field.createdAt(), field.createdBy(), null, null));
        changeLog.record("extra_field", code, "renamed", field.name() + " → " + saved.name());
        return saved;
    }

    /** A field by its code ({@code F1}) or its name ({@code meter reading}), as criteria and CSV headers use them. */
    @Transactional(readOnly = true)
    public ExtraField extraField(String codeOrName) {
        return extraFields.findById(codeOrName.toUpperCase(Locale.ROOT))
                .or(() -> extraFields.findByName(codeOrName))
                .orElseThrow(() -> new NotFound("Extra field", codeOrName));
    }

    // --- groups ----------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<MemberGroup> groups() {
        return groups.findAll().stream().sorted((a, b) -> a.name().compareToIgnoreCase(b.name())).toList();
    }

    public MemberGroup createGroup(String name, BigDecimal price, String ledgerAccount) {
        require(name, "name");
        amount(price, "price");
        if (groups.findByName(name.trim()).isPresent()) {
            throw new Conflict("name", "There is already a group called '" + name.trim() + "'");
        }
        MemberGroup saved = groups.save(new MemberGroup(null, null, name.trim(), price, blankToNull(ledgerAccount),
                null, null, null, null));
        changeLog.record("group", saved.id(), "created", saved.name());
        return saved;
    }

    public MemberGroup changeGroup(long id, String name, BigDecimal price, String ledgerAccount, Integer version) {
        require(name, "name");
        amount(price, "price");
        MemberGroup group = groups.findById(id).orElseThrow(() -> new NotFound("Group", id));
        groups.findByName(name.trim()).filter(other -> other.id() != id).ifPresent(other -> {
            throw new Conflict("name", "There is already a group called '" + name.trim() + "'");
        });
        MemberGroup saved = groups.save(new MemberGroup(id, version, name.trim(), price, blankToNull(ledgerAccount),
                group.createdAt(), group.createdBy(), null, null));
        changeLog.record("group", id, "changed", saved.name() + " price " + price + " account " + saved.ledgerAccount());
        return saved;
    }

    @Transactional(readOnly = true)
    public MemberGroup group(String name) {
        return groups.findByName(name).orElseThrow(() -> new InvalidInput("group", "There is no group called '" + name + "'"));
    }

    // --- members ---------------------------------------------------------------------------------------------

    public MemberView register(Long memberNumber, MemberInput input) {
        MemberDetails details = checked(input, association().defaultCollectionMethod());
        long number;
        if (memberNumber == null) {
            number = jdbc.sql("select nextval('duesflow.member_number_seq')").query(Long.class).single();
        } else {
            if (memberNumber <= 0) {
                throw new InvalidInput("memberNumber", "Member numbers are positive whole numbers");
            }
            if (members.findByMemberNumber(memberNumber).isPresent()) {
                throw new Conflict("memberNumber", "Member number " + memberNumber + " is already taken");
            }
            number = memberNumber;
        }
        Member member = new Member(number, details);
        applyExtraValues(member, input.extraFields());
        for (String groupName : input.groupsOrEmpty()) {
            member.joinGroup(group(groupName).id(), details.joinDate());
        }
        Member saved = save(member);
        if (memberNumber != null) {
            advanceNumberSequence();
        }
        changeLog.record("member", number, "registered", saved.name());
        return view(saved);
    }

    public MemberView change(long memberNumber, MemberInput input) {
        Member member = load(memberNumber);
        member.useVersion(input.version());
        member.change(checked(input, member.collectionMethod()));
        applyExtraValues(member, input.extraFields());
        changeLog.record("member", memberNumber, "changed", input.toString());
        return view(save(member));
    }

    @Transactional(readOnly = true)
    public MemberView member(long memberNumber) {
        return view(load(memberNumber));
    }

    @Transactional(readOnly = true)
    public List<ChangeLog.Entry> history(long memberNumber) {
        load(memberNumber);
        return changeLog.of("member", memberNumber);
    }

    @Transactional(readOnly = true)
    public MemberSearch.Page search(MemberSearch.Criteria criteria, int page, int size) {
        return search.find(criteria, LocalDate.now(clock), page, size);
    }

    @Transactional(readOnly = true)
    public List<MemberSearch.Summary> withoutValidMandate() {
        return search.withoutValidMandate(LocalDate.now(clock));
    }

    public MemberView changeCollectionMethod(long memberNumber, CollectionMethod method) {
        Member member = load(memberNumber);
        CollectionMethod before = member.collectionMethod();
        member.changeCollectionMethod(method);
        changeLog.record("member", memberNumber, "collection method", before + " → " + method);
        return view(save(member));
    }

    /** Switches every member matching the criteria (all when empty) to one method; answers how many changed. */
    public int switchCollectionMethod(CollectionMethod method, MemberSearch.Criteria criteria) {
        int changed = search.switchCollectionMethod(method, criteria, LocalDate.now(clock));
        changeLog.record("member", "*", "collection method switched", changed + " members to " + method + " where " + criteria);
        return changed;
    }

    public MemberView joinGroup(long memberNumber, String groupName, LocalDate on) {
        Member member = load(memberNumber);
        LocalDate day = on == null ? LocalDate.now(clock) : on;
        member.joinGroup(group(groupName).id(), day);
        changeLog.record("member", memberNumber, "joined group", groupName + " on " + day);
        return view(save(member));
    }

    public MemberView leaveGroup(long memberNumber, String groupName, LocalDate on) {
        Member member = load(memberNumber);
        LocalDate day = on == null ? LocalDate.now(clock) : on;
        member.leaveGroup(group(groupName).id(), day);
        changeLog.record("member", memberNumber, "left group", groupName + " on " + day);
        return view(save(member));
    }

    public MemberView addSepaMandate(long memberNumber, String mandateId, String iban, String bic, LocalDate signedOn) {
        require(mandateId, "mandateId");
        if (mandateId.length() > 35) {
            throw new InvalidInput("mandateId", "A SEPA mandate id has at most 35 characters");
        }
        if (signedOn == null) {
            throw new InvalidInput("signedOn", "The date the mandate was signed is required");
        }
        Member member = load(memberNumber);
        member.addSepaMandate(SepaMandate.signed(mandateId.trim(), check("iban", () -> BankAccounts.iban(iban)),
                blank(bic) ? null : check("bic", () -> BankAccounts.bic(bic)), signedOn));
        changeLog.record("member", memberNumber, "mandate signed", mandateId + " " + iban);
        return view(saveUnique(member, "mandateId", "Mandate id " + mandateId + " belongs to another member"));
    }

    public MemberView amendSepaMandate(long memberNumber, String mandateId, String newMandateId, String newIban, String newBic) {
        Member member = load(memberNumber);
        member.amendSepaMandate(mandateId, blankToNull(newMandateId),
                blank(newIban) ? null : check("iban", () -> BankAccounts.iban(newIban)),
                blank(newBic) ? null : check("bic", () -> BankAccounts.bic(newBic)), LocalDate.now(clock));
        changeLog.record("member", memberNumber, "mandate amended", mandateId + " → " + newMandateId + " " + newIban);
        return view(saveUnique(member, "newMandateId", "Mandate id " + newMandateId + " belongs to another member"));
    }

    public MemberView revokeSepaMandate(long memberNumber, String mandateId) {
        Member member = load(memberNumber);
        member.revokeSepaMandate(mandateId);
        changeLog.record("member", memberNumber, "mandate revoked", mandateId);
        return view(save(member));
    }

    public MemberView addBetalingsserviceAgreement(long memberNumber, String agreementNumber) {
        require(agreementNumber, "agreementNumber");
        if (!MemberRules.AGREEMENT_NUMBER.matcher(agreementNumber.trim()).matches()) {
            throw new InvalidInput("agreementNumber", "A Betalingsservice agreement number is up to 15 digits");
        }
        Member member = load(memberNumber);
        member.addBetalingsserviceAgreement(agreementNumber.trim());
        changeLog.record("member", memberNumber, "agreement added", agreementNumber);
        return view(saveUnique(member, "agreementNumber", "Agreement " + agreementNumber + " belongs to another member"));
    }

    public MemberView cancelBetalingsserviceAgreement(long memberNumber, String agreementNumber) {
        Member member = load(memberNumber);
        member.cancelBetalingsserviceAgreement(agreementNumber);
        changeLog.record("member", memberNumber, "agreement cancelled", agreementNumber);
        return view(save(member));
    }

    public MemberView suspend(long memberNumber, LocalDate startsOn, LocalDate endsOn) {
        if (startsOn == null || endsOn == null) {
            throw new InvalidInput(startsOn == null ? "startsOn" : "endsOn", "A suspension needs a start and an end date");
        }
        Member member = load(memberNumber);
        member.suspend(startsOn, endsOn);
        changeLog.record("member", memberNumber, "suspended", startsOn + " to " + endsOn);
        return view(save(member));
    }

    public MemberView endSuspension(long memberNumber, LocalDate startsOn) {
        Member member = load(memberNumber);
        member.endSuspension(startsOn);
        changeLog.record("member", memberNumber, "suspension removed", "from " + startsOn);
        return view(save(member));
    }

    /** Every member as billing sees them on a day: groups current that day, extra values, suspensions. */
    @Transactional(readOnly = true)
    public List<MemberSnapshot> snapshots(LocalDate on) {
        return snapshots.on(on);
    }

    /** A group's price and ledger account by name, for pricing lines from groups. */
    @Transactional(readOnly = true)
    public Map<String, MemberGroup> groupsByName() {
        Map<String, MemberGroup> byName = new java.util.HashMap<>();
        groups.findAll().forEach(group -> byName.put(group.name(), group));
        return byName;
    }

    /** Names by member number, for lists that show who. */
    @Transactional(readOnly = true)
    public Map<Long, String> names(java.util.Collection<Long> memberNumbers) {
        Map<Long, String> names = new java.util.HashMap<>();
        if (!memberNumbers.isEmpty()) {
            jdbc.sql("select member_number, name from duesflow.member where member_number = any(:numbers)")
                    .param("numbers", new org.springframework.jdbc.support.SqlArrayValue("bigint", memberNumbers.toArray()))
                    .query(rs -> {
                        names.put(rs.getLong(1), rs.getString(2));
                    });
        }
        return names;
    }

    /**
     * The active SEPA mandate of each given member (the latest signed, should there be several), with the name and
     * address a direct-debit file carries.
     */
    @Transactional(readOnly = true)
    public Map<Long, CollectionMandate> activeMandates(java.util.Collection<Long> memberNumbers) {
        Map<Long, CollectionMandate> mandates = new java.util.HashMap<>();
        if (memberNumbers.isEmpty()) {
            return mandates;
        }
        jdbc.sql("""
                        select distinct on (m.member_number) m.member_number, m.name, m.street, m.building_number,
                               m.postcode, m.town, m.country, sm.mandate_id, sm.iban, sm.bic, sm.signed_on,
                               sm.first_collection_done, sm.original_mandate_id, sm.original_iban
                        from duesflow.member m
                        join duesflow.sepa_mandate sm on sm.member_id = m.id and sm.status = 'ACTIVE'
                        where m.member_number = any(:numbers)
                        order by m.member_number, sm.signed_on desc, sm.mandate_id""")
                .param("numbers", new org.springframework.jdbc.support.SqlArrayValue("bigint", memberNumbers.toArray()))
                .query(rs -> {
                    long number = rs.getLong("member_number");
                    mandates.put(number, new CollectionMandate(number, rs.getString("name"),
                            new PostalAddress(rs.getString("street"), rs.getString("building_number"),
                                    rs.getString("postcode"), rs.getString("town"), rs.getString("country")),
                            rs.getString("mandate_id"), rs.getString("iban"), rs.getString("bic"),
                            rs.getDate("signed_on").toLocalDate(), rs.getBoolean("first_collection_done"),
                            rs.getString("original_mandate_id"), rs.getString("original_iban")));
                });
        return mandates;
    }

    /**
     * The bank now knows these mandates as they are: their first collection is done (RCUR from now on) and their
     * amendments have been reported. Called when a file with them is placed for the bank.
     */
    public void mandatesReachedTheBank(java.util.Collection<String> mandateIds) {
        if (!mandateIds.isEmpty()) {
            jdbc.sql("""
                            update duesflow.sepa_mandate set first_collection_done = true, original_mandate_id = null,
                                original_iban = null
                            where mandate_id = any(:ids)""")
                    .param("ids", new org.springframework.jdbc.support.SqlArrayValue("text", mandateIds.toArray()))
                    .update();
        }
    }

    /** Who to write to: name, mail address, postal address, language, and the active SEPA mandate if any. */
    @Transactional(readOnly = true)
    public Map<Long, MemberContact> contacts(java.util.Collection<Long> memberNumbers) {
        Map<Long, MemberContact> contacts = new java.util.HashMap<>();
        if (memberNumbers.isEmpty()) {
            return contacts;
        }
        jdbc.sql("""
                        select m.member_number, m.name, m.email, m.street, m.building_number, m.postcode, m.town,
                               m.country, m.language, sm.mandate_id, sm.iban
                        from duesflow.member m
                        left join lateral (select mandate_id, iban from duesflow.sepa_mandate s
                                           where s.member_id = m.id and s.status = 'ACTIVE'
                                           order by s.signed_on desc, s.mandate_id limit 1) sm on true
                        where m.member_number = any(:numbers)""")
                .param("numbers", new org.springframework.jdbc.support.SqlArrayValue("bigint", memberNumbers.toArray()))
                .query(rs -> {
                    long number = rs.getLong("member_number");
                    contacts.put(number, new MemberContact(number, rs.getString("name"), rs.getString("email"),
                            new PostalAddress(rs.getString("street"), rs.getString("building_number"),
                                    rs.getString("postcode"), rs.getString("town"), rs.getString("country")),
                            rs.getString("language"), rs.getString("mandate_id"), rs.getString("iban")));
                });
        return contacts;
    }

    /** The numbers of the members in a group on a day. */
    @Transactional(readOnly = true)
    public Set<Long> memberNumbersInGroup(String groupName, LocalDate on) {
        return new java.util.HashSet<>(jdbc.sql("""
                        select m.member_number from duesflow.member m
                        join duesflow.group_membership gm on gm.member_id = m.id
                        join duesflow.member_group g on g.id = gm.group_id
                        where g.name = :group and gm.joined_on <= :on and (gm.left_on is null or gm.left_on > :on)""")
                .param("group", groupName).param("on", on).query(Long.class).list());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    Member load(long memberNumber) {
        return members.findByMemberNumber(memberNumber).orElseThrow(() -> new NotFound("Member", memberNumber));
    }

    private Member save(Member member) {
        return members.save(member);
    }

    private Member saveUnique(Member member, String field, String message) {
        try {
            return members.save(member);
        } catch (DbActionExecutionException e) {
            if (e.getCause() instanceof DuplicateKeyException) {
                throw new Conflict(field, message);
            }
            throw e;
        }
    }

    void advanceNumberSequence() {
        jdbc.sql("""
                select setval('duesflow.member_number_seq', max_number)
                from (select max(member_number) as max_number from duesflow.member) highest
                where max_number >= (select last_value from duesflow.member_number_seq)""").query().listOfRows();
    }

    MemberView view(Member member) {
        Map<Long, String> groupNames = new java.util.HashMap<>();
        groups.findAll().forEach(group -> groupNames.put(group.id(), group.name()));
        Map<String, String> fieldNames = new java.util.HashMap<>();
        extraFields.findAll().forEach(field -> fieldNames.put(field.code(), field.name()));
        return MemberView.of(member, groupNames, fieldNames, member.statusOn(LocalDate.now(clock)));
    }

    private MemberDetails checked(MemberInput input, CollectionMethod fallbackMethod) {
        require(input.name(), "name");
        if (input.joinDate() == null) {
            throw new InvalidInput("joinDate", "The join date is required");
        }
        String email = blankToNull(input.email());
        if (email != null && !MemberRules.EMAIL.matcher(email).matches()) {
            throw new InvalidInput("email", "'" + email + "' is not an email address");
        }
        String language = input.language() == null ? "da" : input.language().trim().toLowerCase(Locale.ROOT);
        if (!LANGUAGES.contains(language)) {
            throw new InvalidInput("language", "Unknown language '" + input.language() + "'; choose da, nl or en");
        }
        PostalAddress address = input.address();
        if (address != null && address.country() != null && !MemberRules.COUNTRY.matcher(address.country()).matches()) {
            throw new InvalidInput("address.country", "The country is a two-letter ISO code such as DK or NL, not '"
                    + address.country() + "'");
        }
        if (input.birthDate() != null && input.birthDate().isAfter(LocalDate.now(clock))) {
            throw new InvalidInput("birthDate", "The birth date " + input.birthDate() + " is in the future");
        }
        return new MemberDetails(input.name().trim(), email, address, blankToNull(input.phone()), input.birthDate(),
                input.joinDate(), input.leaveDate(), language,
                input.collectionMethod() == null ? fallbackMethod : input.collectionMethod());
    }

    private void applyExtraValues(Member member, Map<String, Object> values) {
        if (values == null) {
            return;
        }
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            ExtraField field;
            try {
                field = extraField(entry.getKey());
            } catch (NotFound e) {
                throw new InvalidInput("extraFields." + entry.getKey(), "There is no extra field '" + entry.getKey() + "'");
            }
            member.setExtraValue(field, ExtraValues.parse(field, entry.getValue(), "extraFields." + entry.getKey()));
        }
    }

    private static int fieldNumber(String code) {
        return Integer.parseInt(code.substring(1));
    }

    private static String check(String field, java.util.function.Supplier<String> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, e.getMessage());
        }
    }

    private static void eightDigits(String value, String field) {
        if (value != null && !value.matches("[0-9]{8}")) {
            throw new InvalidInput(field, "'" + value + "' must be 8 digits");
        }
    }

    private static void amount(BigDecimal amount, String field) {
        if (amount != null && (amount.signum() < 0 || amount.scale() > 2)) {
            throw new InvalidInput(field, amount + " is not an amount: no negatives, at most two decimals");
        }
    }

    private static void require(String value, String field) {
        if (blank(value)) {
            throw new InvalidInput(field, "The " + field + " is required");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return blank(value) ? null : value.trim();
    }

    private static String orDefault(String value, String fallback) {
        return blank(value) ? fallback : value.trim();
    }
}
