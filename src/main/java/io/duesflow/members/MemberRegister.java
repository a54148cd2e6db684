package io.duesflow.members;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.duesflow.banking.BankAccounts;
import io.duesflow.banking.CreditorIdentifier;
import io.duesflow.platform.BusinessClock;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
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

    static final String VERSION_REQUIRED = "send the version you read, so that a change made meanwhile is not overwritten";

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

    /**
     * Saves the association's settings as given; what may be left out (ledger accounts, default collection method,
     * SEPA settings) keeps its stored value. Every setting that cannot be taken is named at once.
     */
    public Association updateAssociation(Association changed) {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        if (changed.version() == null) {
            problems.add(new InvalidInput.Problem("version", VERSION_REQUIRED));
        }
        required(changed.name(), "name", "the name is required", problems);
        if (required(changed.currency(), "currency", "the currency is required: EUR or DKK", problems)
                && !Set.of("EUR", "DKK").contains(changed.currency())) {
            problems.add(new InvalidInput.Problem("currency", "the currency must be EUR or DKK, not '" + changed.currency() + "'"));
        }
        if (required(changed.timeZone(), "timeZone", "the time zone is required, e.g. Europe/Copenhagen", problems)) {
            try {
                ZoneId.of(changed.timeZone());
            } catch (RuntimeException e) {
                problems.add(new InvalidInput.Problem("timeZone", "unknown time zone '" + changed.timeZone() + "'"));
            }
        }
        if (required(changed.languages(), "languages", "the languages members may choose are required, e.g. da,en",
                problems)) {
            for (String language : changed.languages().split(",")) {
                if (!MemberRules.LANGUAGES.contains(language.trim())) {
                    problems.add(new InvalidInput.Problem("languages",
                            "unknown language '" + language.trim() + "'; choose from da, nl, en"));
                }
            }
        }
        String email = MemberRules.email(changed.email(), problemsAs(problems));
        String iban = blank(changed.iban()) ? null : check("iban", problems, () -> BankAccounts.iban(changed.iban()));
        String bic = blank(changed.bic()) ? null : check("bic", problems, () -> BankAccounts.bic(changed.bic()));
        String creditorId = blank(changed.sepaCreditorId()) ? null
                : check("sepaCreditorId", problems, () -> CreditorIdentifier.check(changed.sepaCreditorId()));
        eightDigits(changed.betalingsserviceCreditor(), "betalingsserviceCreditor", problems);
        eightDigits(changed.fiCreditorNumber(), "fiCreditorNumber", problems);
        amount(changed.monthlySuspensionFee(), "monthlySuspensionFee", problems);
        Association stored = association();
        SepaSettings sepa = sepaSettings(changed.sepa(), stored.sepa(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        Association saved = associations.save(new Association(1, changed.version(), changed.name().trim(),
                email, changed.address(), changed.currency(),
                changed.timeZone(), changed.languages().replace(" ", ""), iban, bic, creditorId,
                blankToNull(changed.betalingsserviceCreditor()), blankToNull(changed.fiCreditorNumber()),
                changed.defaultCollectionMethod() == null ? stored.defaultCollectionMethod() : changed.defaultCollectionMethod(),
                changed.monthlySuspensionFee() == null ? BigDecimal.ZERO.setScale(2) : changed.monthlySuspensionFee(),
                orDefault(changed.receivablesAccount(), stored.receivablesAccount()),
                orDefault(changed.incomeAccount(), stored.incomeAccount()),
                orDefault(changed.feeAccount(), stored.feeAccount()),
                orDefault(changed.bankAccount(), stored.bankAccount()),
                sepa, stored.createdAt(), stored.createdBy(), null, null));
        changeLog.record("association", 1, "changed", saved.name());
        if (clock instanceof BusinessClock business) {
            business.useZone(ZoneId.of(saved.timeZone()));
        }
        return saved;
    }

    private static SepaSettings sepaSettings(SepaSettings changed, SepaSettings stored, List<InvalidInput.Problem> problems) {
        if (changed == null) {
            return stored == null ? SepaSettings.DEFAULTS : stored;
        }
        if (changed.pain008Version() == null) {
            problems.add(new InvalidInput.Problem("sepa.pain008Version", "choose the pain.008 version your bank takes: V08 or V02"));
        }
        if (changed.leadDays() < 1 || changed.leadDays() > 10) {
            problems.add(new InvalidInput.Problem("sepa.leadDays",
                    "lead days are 1 to 10 TARGET2 business days, not " + changed.leadDays()));
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

    /** A group by its name, in any case, as the CSV import finds groups too. */
    @Transactional(readOnly = true)
    public MemberGroup group(String name) {
        MemberGroup group = name == null ? null : groupsByKey().get(MemberRules.groupKey(name));
        if (group == null) {
            throw new InvalidInput("group", MemberRules.noSuchGroup(name));
        }
        return group;
    }

    /** Groups by {@link MemberRules#groupKey}: the register and the import find a group by name the same way. */
    Map<String, MemberGroup> groupsByKey() {
        Map<String, MemberGroup> byKey = new java.util.HashMap<>();
        groups.findAll().stream().sorted(Comparator.comparing(MemberGroup::id))
                .forEach(group -> byKey.putIfAbsent(MemberRules.groupKey(group.name()), group));
        return byKey;
    }

    // --- members ---------------------------------------------------------------------------------------------

    public MemberView register(Long memberNumber, MemberInput input) {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        MemberRules.Problems sink = problemsAs(problems);
        if (memberNumber != null) {
            MemberRules.memberNumber(memberNumber, sink);
        }
        Association association = association();
        MemberDetails details = checked(input, null, association.defaultCollectionMethod(),
                MemberRules.defaultLanguage(association), sink);
        Map<ExtraField, Member.ExtraValue> extra = extraValues(input.extraFields(), problems);
        List<MemberGroup> joining = new ArrayList<>();
        Map<String, MemberGroup> groupsByKey = groupsByKey();
        for (String groupName : input.groupsOrEmpty()) {
            MemberGroup group = groupsByKey.get(MemberRules.groupKey(groupName));
            if (group == null) {
                sink.add(MemberRules.Field.GROUPS, groupName, MemberRules.noSuchGroup(groupName));
            } else {
                joining.add(group);
            }
        }
        refuseIfAny(problems);
        long number;
        if (memberNumber == null) {
            number = jdbc.sql("select nextval('duesflow.member_number_seq')").query(Long.class).single();
        } else {
            if (members.findByMemberNumber(memberNumber).isPresent()) {
                throw new Conflict("memberNumber", "Member number " + memberNumber + " is already taken");
            }
            number = memberNumber;
        }
        Member member = new Member(number, details);
        extra.forEach(member::setExtraValue);
        List<String> joined = new ArrayList<>();
        joining.stream().sorted(Comparator.comparing(MemberGroup::name)).forEach(group -> {
            if (member.joinGroup(group.id(), details.joinDate())) {
                joined.add(MemberHistory.joinedGroup(group.name(), details.joinDate()));
            }
        });
        Member saved = save(member);
        if (memberNumber != null) {
            advanceNumberSequence();
        }
        changeLog.record("member", number, "registered",
                MemberHistory.registered(MemberHistory.State.of(saved, extraFieldsByCode()), joined));
        return view(saved);
    }

    /** A full change of the member's own fields and the extra values given; send the version read. */
    public MemberView change(long memberNumber, MemberInput input) {
        Member member = load(memberNumber);
        List<InvalidInput.Problem> problems = new ArrayList<>();
        if (input.version() == null) {
            problems.add(new InvalidInput.Problem("version", VERSION_REQUIRED));
        }
        MemberDetails details = checked(input, member, member.collectionMethod(), member.language(), problemsAs(problems));
        Map<ExtraField, Member.ExtraValue> extra = extraValues(input.extraFields(), problems);
        refuseIfAny(problems);
        Map<String, ExtraField> fields = extraFieldsByCode();
        MemberHistory.State before = MemberHistory.State.of(member, fields);
        member.useVersion(input.version());
        member.change(details);
        extra.forEach(member::setExtraValue);
        Member saved = save(member);
        recordChange(memberNumber, MemberHistory.changed(before, MemberHistory.State.of(saved, fields), fields));
        return view(saved);
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
        Member saved = save(member);
        recordChange(memberNumber, MemberHistory.change(MemberHistory.label(MemberCsvColumns.COLLECTION_METHOD), before, method));
        return view(saved);
    }

    /** Switches every member matching the criteria (all when empty) to one method; answers how many changed. */
    public int switchCollectionMethod(CollectionMethod method, MemberSearch.Criteria criteria) {
        Map<Long, String> before = search.switchCollectionMethod(method, criteria, LocalDate.now(clock), clock.instant());
        String label = MemberHistory.label(MemberCsvColumns.COLLECTION_METHOD);
        changeLog.recordAll("member", "changed", "select unnest(:numbers) as entity_key, unnest(:details) as details",
                Map.of("numbers", before.keySet().stream().map(String::valueOf).toArray(String[]::new),
                        "details", before.values().stream().map(old -> MemberHistory.change(label, old, method.name()))
                                .toArray(String[]::new)));
        changeLog.record("member", "*", "collection method switched", before.size() + " members to " + method + " where "
                + criteria);
        return before.size();
    }

    public MemberView joinGroup(long memberNumber, String groupName, LocalDate on) {
        Member member = load(memberNumber);
        LocalDate day = on == null ? LocalDate.now(clock) : on;
        MemberGroup group = group(groupName);
        if (member.joinGroup(group.id(), day)) {
            recordChange(memberNumber, MemberHistory.joinedGroup(group.name(), day));
        }
        return view(save(member));
    }

    public MemberView leaveGroup(long memberNumber, String groupName, LocalDate on) {
        Member member = load(memberNumber);
        LocalDate day = on == null ? LocalDate.now(clock) : on;
        MemberGroup group = group(groupName);
        member.leaveGroup(group.id(), day);
        recordChange(memberNumber, MemberHistory.leftGroup(group.name(), day));
        return view(save(member));
    }

    public MemberView addSepaMandate(long memberNumber, String mandateId, String iban, String bic, LocalDate signedOn) {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        MemberRules.Problems sink = problemsAs(problems);
        String id = MemberRules.mandateId(mandateId, sink);
        String account = MemberRules.iban(iban, sink);
        String bank = MemberRules.bic(bic, sink);
        MemberRules.signedOn(signedOn, sink);
        refuseIfAny(problems);
        Member member = load(memberNumber);
        member.addSepaMandate(SepaMandate.signed(id, account, bank, signedOn));
        recordChange(memberNumber, MemberHistory.mandateSigned(id, signedOn, account));
        return view(saveUnique(member, "mandateId", "Mandate id " + id + " belongs to another member"));
    }

    public MemberView amendSepaMandate(long memberNumber, String mandateId, String newMandateId, String newIban, String newBic) {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        MemberRules.Problems sink = (field, value, reason) -> problems.add(new InvalidInput.Problem(
                field == MemberRules.Field.MANDATE_ID ? "newMandateId" : field.apiName, reason));
        String id = blank(newMandateId) ? null : MemberRules.mandateId(newMandateId, sink);
        String account = blank(newIban) ? null : MemberRules.iban(newIban, sink);
        String bank = MemberRules.bic(newBic, sink);
        refuseIfAny(problems);
        Member member = load(memberNumber);
        Member.Amendment amendment = member.amendSepaMandate(mandateId, id, account, bank, LocalDate.now(clock));
        recordChange(memberNumber, MemberHistory.mandateAmended(amendment.before(), amendment.after()));
        return view(saveUnique(member, "newMandateId", "Mandate id " + newMandateId + " belongs to another member"));
    }

    public MemberView revokeSepaMandate(long memberNumber, String mandateId) {
        Member member = load(memberNumber);
        member.revokeSepaMandate(mandateId);
        recordChange(memberNumber, MemberHistory.mandateRevoked(mandateId));
        return view(save(member));
    }

    /**
     * The bank said the mandate cannot be collected on any more (a return or reject code such as AC04, the account is
     * closed): it is revoked, with the bank's reason in the member's history, so no further collection is sent on
     * it. Answers whether it was still active.
     */
    public boolean endSepaMandate(long memberNumber, String mandateId, String reason) {
        Member member = load(memberNumber);
        boolean active = member.sepaMandates().stream()
                .anyMatch(mandate -> mandate.mandateId().equals(mandateId) && mandate.isActive());
        if (active) {
            member.revokeSepaMandate(mandateId);
            changeLog.record("member", memberNumber, "mandate ended by the bank", mandateId + ": " + reason);
            save(member);
        }
        return active;
    }

    public MemberView addBetalingsserviceAgreement(long memberNumber, String agreementNumber) {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        String number = MemberRules.agreementNumber(agreementNumber, problemsAs(problems));
        refuseIfAny(problems);
        Member member = load(memberNumber);
        member.addBetalingsserviceAgreement(number);
        recordChange(memberNumber, MemberHistory.agreementAdded(number));
        return view(saveUnique(member, "agreementNumber", "Agreement " + number + " belongs to another member"));
    }

    public MemberView cancelBetalingsserviceAgreement(long memberNumber, String agreementNumber) {
        Member member = load(memberNumber);
        member.cancelBetalingsserviceAgreement(agreementNumber);
        recordChange(memberNumber, MemberHistory.agreementCancelled(agreementNumber));
        return view(save(member));
    }

    public MemberView suspend(long memberNumber, LocalDate startsOn, LocalDate endsOn) {
        if (startsOn == null || endsOn == null) {
            throw new InvalidInput(startsOn == null ? "startsOn" : "endsOn", "A suspension needs a start and an end date");
        }
        Member member = load(memberNumber);
        member.suspend(startsOn, endsOn);
        recordChange(memberNumber, MemberHistory.suspended(startsOn, endsOn));
        return view(save(member));
    }

    public MemberView endSuspension(long memberNumber, LocalDate startsOn) {
        Member member = load(memberNumber);
        member.endSuspension(startsOn);
        recordChange(memberNumber, MemberHistory.suspensionRemoved(startsOn));
        return view(save(member));
    }

    /** Every member as billing sees them on a day: groups current that day, extra values, suspensions. */
    @Transactional(readOnly = true)
    public List<MemberSnapshot> snapshots(LocalDate on) {
        return snapshots.on(on);
    }

    /** A chunk of the register by its bounds: the members numbered after {@code afterMember} through {@code throughMember}. */
    @Transactional(readOnly = true)
    public List<MemberSnapshot> snapshotsBetween(LocalDate on, Long afterMember, Long throughMember) {
        return snapshots.between(on, afterMember, throughMember);
    }

    /**
     * Where the register splits into chunks of {@code size} members, in member-number order: the number of each
     * chunk's last member, for every chunk but the last (which runs to the register's end, whoever joins meanwhile).
     * An empty register, or one of at most {@code size} members, is one chunk: no bounds.
     */
    @Transactional(readOnly = true)
    public List<Long> chunkBounds(int size) {
        return jdbc.sql("""
                        select member_number from (
                            select member_number, row_number() over (order by member_number) as position,
                                   count(*) over () as members
                            from duesflow.member) m
                        where position % :size = 0 and position < members
                        order by member_number""")
                .param("size", size).query(Long.class).list();
    }

    @Transactional(readOnly = true)
    public long memberCount() {
        return jdbc.sql("select count(*) from duesflow.member").query(Long.class).single();
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
     * The active Betalingsservice agreement of each given member (the latest registered, should there be several),
     * with the name and address a delivery carries.
     */
    @Transactional(readOnly = true)
    public Map<Long, CollectionAgreement> activeAgreements(java.util.Collection<Long> memberNumbers) {
        Map<Long, CollectionAgreement> agreements = new java.util.HashMap<>();
        if (memberNumbers.isEmpty()) {
            return agreements;
        }
        jdbc.sql("""
                        select distinct on (m.member_number) m.member_number, m.name, m.street, m.building_number,
                               m.postcode, m.town, m.country, a.agreement_number
                        from duesflow.member m
                        join duesflow.betalingsservice_agreement a on a.member_id = m.id and a.status = 'ACTIVE'
                        where m.member_number = any(:numbers)
                        order by m.member_number, a.registered_on desc nulls last, a.agreement_number""")
                .param("numbers", new org.springframework.jdbc.support.SqlArrayValue("bigint", memberNumbers.toArray()))
                .query(rs -> {
                    long number = rs.getLong("member_number");
                    agreements.put(number, new CollectionAgreement(number, rs.getString("name"),
                            new PostalAddress(rs.getString("street"), rs.getString("building_number"),
                                    rs.getString("postcode"), rs.getString("town"), rs.getString("country")),
                            rs.getString("agreement_number")));
                });
        return agreements;
    }

    /** What became of an agreement Nets reported (0603). */
    public enum AgreementReport {
        /** The member's agreement now stands as reported. */
        UPDATED,
        /** It stood so already (the same report again, or the monthly list of active agreements). */
        ALREADY,
        /** No member has that number. */
        UNKNOWN_MEMBER,
        /** The agreement number belongs to another member. */
        OTHER_MEMBERS_AGREEMENT,
        /** A cancellation of an agreement the member does not have. */
        UNKNOWN_AGREEMENT
    }

    /**
     * Nets reported a member's agreement registered ({@code cancelledBy} null) or cancelled on {@code on} by the
     * member's bank, the association or Betalingsservice; recorded on the member with the date and who, and in their
     * history. A member on Betalingsservice left without an active agreement is invoiced and flagged from the next
     * run on ({@link #withoutValidMandate()}).
     */
    public AgreementReport agreementReported(long memberNumber, String agreementNumber, LocalDate on, String cancelledBy) {
        Member member = members.findByMemberNumber(memberNumber).orElse(null);
        if (member == null) {
            return AgreementReport.UNKNOWN_MEMBER;
        }
        String number = agreementNumber.strip().replaceFirst("^0+(?=.)", "");
        Long holder = jdbc.sql("""
                        select m.member_number from duesflow.betalingsservice_agreement a
                        join duesflow.member m on m.id = a.member_id
                        where ltrim(a.agreement_number, '0') = ltrim(:number, '0') and m.member_number <> :member
                        limit 1""")
                .param("number", number).param("member", memberNumber).query(Long.class).optional().orElse(null);
        if (holder != null) {
            return AgreementReport.OTHER_MEMBERS_AGREEMENT;
        }
        boolean changed;
        String entry;
        if (cancelledBy == null) {
            changed = member.agreementRegistered(number, on);
            entry = MemberHistory.AGREEMENT_WORD + number + " registered by Betalingsservice"
                    + (on == null ? "" : " on " + on);
        } else {
            try {
                changed = member.agreementCancelled(number, on, cancelledBy);
            } catch (NotFound e) {
                return AgreementReport.UNKNOWN_AGREEMENT;
            }
            entry = MemberHistory.AGREEMENT_WORD + number + " cancelled by " + cancelledBy
                    + (on == null ? "" : " on " + on) + ", as Betalingsservice reported";
        }
        if (!changed) {
            return AgreementReport.ALREADY;
        }
        changeLog.record("member", memberNumber, "agreement reported by Betalingsservice", entry);
        save(member);
        return AgreementReport.UPDATED;
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

    /** Members whose name contains the text (in any case), lowest numbers first: suggestions, not decisions. */
    @Transactional(readOnly = true)
    public List<Long> memberNumbersNamedLike(String text, int limit) {
        return jdbc.sql("""
                        select member_number from duesflow.member where strpos(lower(name), lower(:text)) > 0
                        order by member_number limit :limit""")
                .param("text", text).param("limit", limit).query(Long.class).list();
    }

    /**
     * The members an account belongs to, as far as the register knows: the IBAN of any of their SEPA mandates, active
     * or revoked (a member who pays by transfer often pays from the account they once gave for direct debit).
     */
    @Transactional(readOnly = true)
    public Map<String, Set<Long>> membersByIban(java.util.Collection<String> ibans) {
        Map<String, Set<Long>> members = new java.util.HashMap<>();
        if (!ibans.isEmpty()) {
            jdbc.sql("""
                            select distinct sm.iban, m.member_number from unnest(:ibans) as i(iban)
                            join duesflow.sepa_mandate sm on sm.iban = i.iban
                            join duesflow.member m on m.id = sm.member_id""")
                    .param("ibans", new org.springframework.jdbc.support.SqlArrayValue("text", ibans.toArray()))
                    .query(rs -> {
                        members.computeIfAbsent(rs.getString(1), iban -> new java.util.HashSet<>()).add(rs.getLong(2));
                    });
        }
        return members;
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

    /**
     * The member's own fields as {@link MemberRules} takes them; for a known member ({@code stored}) an empty join
     * date, language or collection method keeps the stored one, as an empty cell in the import does.
     */
    private MemberDetails checked(MemberInput input, Member stored, CollectionMethod fallbackMethod,
                                  String fallbackLanguage, MemberRules.Problems problems) {
        String name = MemberRules.name(input.name(), problems);
        LocalDate joinDate = MemberRules.joinDate(input.joinDate(), stored == null ? null : stored.joinDate(), problems);
        String email = MemberRules.email(input.email(), problems);
        PostalAddress address = address(input.address(), problems);
        MemberRules.birthDate(input.birthDate(), LocalDate.now(clock), problems);
        MemberRules.leaveDate(joinDate, input.leaveDate(), problems);
        String language = MemberRules.language(input.language(), fallbackLanguage, problems);
        return new MemberDetails(name, email, address, blankToNull(input.phone()), input.birthDate(), joinDate,
                input.leaveDate(), language, input.collectionMethod() == null ? fallbackMethod : input.collectionMethod());
    }

    /** Trimmed, empty parts as none, the way the import reads its cells. */
    private static PostalAddress address(PostalAddress address, MemberRules.Problems problems) {
        if (address == null) {
            return null;
        }
        return new PostalAddress(blankToNull(address.street()), blankToNull(address.buildingNumber()),
                blankToNull(address.postcode()), blankToNull(address.town()), MemberRules.country(address.country(), problems));
    }

    /** The extra values given, read by their fields' types; a null value clears the field. */
    private Map<ExtraField, Member.ExtraValue> extraValues(Map<String, Object> values, List<InvalidInput.Problem> problems) {
        Map<ExtraField, Member.ExtraValue> parsed = new java.util.LinkedHashMap<>();
        if (values == null) {
            return parsed;
        }
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String where = "extraFields." + entry.getKey();
            ExtraField field;
            try {
                field = extraField(entry.getKey());
            } catch (NotFound e) {
                problems.add(new InvalidInput.Problem(where, "There is no extra field '" + entry.getKey() + "'"));
                continue;
            }
            try {
                parsed.put(field, ExtraValues.parse(field, entry.getValue(), where));
            } catch (InvalidInput e) {
                problems.addAll(e.problems());
            }
        }
        return parsed;
    }

    private Map<String, ExtraField> extraFieldsByCode() {
        Map<String, ExtraField> byCode = new java.util.HashMap<>();
        extraFields.findAll().forEach(field -> byCode.put(field.code(), field));
        return byCode;
    }

    private void recordChange(long memberNumber, String changes) {
        if (!changes.isEmpty()) {
            changeLog.record("member", memberNumber, "changed", changes);
        }
    }

    private static MemberRules.Problems problemsAs(List<InvalidInput.Problem> problems) {
        return (field, value, reason) -> problems.add(new InvalidInput.Problem(field.apiName, reason));
    }

    private static void refuseIfAny(List<InvalidInput.Problem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }

    private static int fieldNumber(String code) {
        return Integer.parseInt(code.substring(1));
    }

    private static String check(String field, List<InvalidInput.Problem> problems, java.util.function.Supplier<String> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            problems.add(new InvalidInput.Problem(field, e.getMessage()));
            return null;
        }
    }

    private static void eightDigits(String value, String field, List<InvalidInput.Problem> problems) {
        if (!blank(value) && !value.matches("[0-9]{8}")) {
            problems.add(new InvalidInput.Problem(field, "'" + value + "' must be 8 digits"));
        }
    }

    private static void amount(BigDecimal amount, String field) {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        amount(amount, field, problems);
        refuseIfAny(problems);
    }

    private static void amount(BigDecimal amount, String field, List<InvalidInput.Problem> problems) {
        if (amount == null) {
            return;
        }
        if (amount.signum() < 0) {
            problems.add(new InvalidInput.Problem(field, Money.describe(amount) + " is not an amount: no negatives"));
            return;
        }
        try {
            Money.of(amount);
        } catch (IllegalArgumentException notMoney) {
            problems.add(new InvalidInput.Problem(field, "Not an amount of money: " + notMoney.getMessage()));
        }
    }

    private static void require(String value, String field) {
        if (blank(value)) {
            throw new InvalidInput(field, "The " + field + " is required");
        }
    }

    /** Adds the problem when the value is empty; answers whether it is there. */
    private static boolean required(String value, String field, String reason, List<InvalidInput.Problem> problems) {
        if (blank(value)) {
            problems.add(new InvalidInput.Problem(field, reason));
            return false;
        }
        return true;
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
