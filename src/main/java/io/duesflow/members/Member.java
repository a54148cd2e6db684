package io.duesflow.members;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.duesflow.platform.Conflict;
import io.duesflow.platform.InvalidInput;
import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A member with everything that belongs to them alone: group memberships, extra field values, mandates and
 * suspensions. The methods keep the rules; groups and extra fields are referred to by id or code.
 */
@Table("member")
class Member {

    @Id
    private Long id;
    @Version
    private Integer version;
    private long memberNumber;
    private String name;
    private String email;
    @Embedded.Empty
    private PostalAddress address;
    private String phone;
    private LocalDate birthDate;
    private LocalDate joinDate;
    private LocalDate leaveDate;
    private String language;
    private CollectionMethod collectionMethod;
    @MappedCollection(idColumn = "member_id")
    private Set<GroupMembership> groups = new HashSet<>();
    @MappedCollection(idColumn = "member_id", keyColumn = "field_code")
    private Map<String, ExtraValue> extraValues = new HashMap<>();
    @MappedCollection(idColumn = "member_id")
    private Set<SepaMandate> sepaMandates = new HashSet<>();
    @MappedCollection(idColumn = "member_id")
    private Set<BetalingsserviceAgreement> betalingsserviceAgreements = new HashSet<>();
    @MappedCollection(idColumn = "member_id")
    private Set<Suspension> suspensions = new HashSet<>();
    @CreatedDate
    private Instant createdAt;
    @CreatedBy
    private String createdBy;
    @LastModifiedDate
    private Instant updatedAt;
    @LastModifiedBy
    private String updatedBy;

    Member() {
    }

    Member(long memberNumber, MemberDetails details) {
        this.memberNumber = memberNumber;
        change(details);
    }

    /** Takes the details as {@link MemberRules} checked them. */
    void change(MemberDetails details) {
        this.name = details.name();
        this.email = details.email();
        this.address = details.address();
        this.phone = details.phone();
        this.birthDate = details.birthDate();
        this.joinDate = details.joinDate();
        this.leaveDate = details.leaveDate();
        this.language = details.language();
        this.collectionMethod = details.collectionMethod();
    }

    void useVersion(Integer expected) {
        // The version the client read; Spring Data's update then refuses when someone saved in between.
        this.version = expected;
    }

    void changeCollectionMethod(CollectionMethod method) {
        this.collectionMethod = method;
    }

    /** Joins the group on that day; answers false when the member is in it already. */
    boolean joinGroup(long groupId, LocalDate on) {
        if (currentMembership(groupId).isPresent()) {
            return false;
        }
        groups.add(new GroupMembership(groupId, on, null));
        return true;
    }

    void leaveGroup(long groupId, LocalDate on) {
        GroupMembership membership = currentMembership(groupId)
                .orElseThrow(() -> new InvalidInput("group", "Member " + memberNumber + " is not in that group"));
        if (on.isBefore(membership.joinedOn())) {
            throw new InvalidInput("leftOn", "Leaving on " + on + " is before joining on " + membership.joinedOn());
        }
        groups.remove(membership);
        groups.add(new GroupMembership(groupId, membership.joinedOn(), on));
    }

    private Optional<GroupMembership> currentMembership(long groupId) {
        return groups.stream().filter(m -> m.groupId() == groupId && m.leftOn() == null).findFirst();
    }

    void setExtraValue(ExtraField field, ExtraValue value) {
        if (value == null) {
            extraValues.remove(field.code());
        } else {
            extraValues.put(field.code(), value);
        }
    }

    void addSepaMandate(SepaMandate mandate) {
        for (SepaMandate existing : sepaMandates) {
            if (existing.mandateId().equals(mandate.mandateId())) {
                throw new Conflict("mandateId", "Member " + memberNumber + " already has mandate " + mandate.mandateId());
            }
        }
        sepaMandates.add(mandate);
    }

    /**
     * A new IBAN or a new mandate id for an existing mandate: the originals are kept until the next collection
     * has told the debtor's bank, as the SEPA rulebook asks.
     */
    /** Answers the mandate as it was and as it is now. */
    Amendment amendSepaMandate(String mandateId, String newMandateId, String newIban, String newBic, LocalDate on) {
        SepaMandate mandate = sepaMandate(mandateId);
        SepaMandate amended = mandate.amended(newMandateId, newIban, newBic, on);
        sepaMandates.remove(mandate);
        sepaMandates.add(amended);
        return new Amendment(mandate, amended);
    }

    record Amendment(SepaMandate before, SepaMandate after) {
    }

    void revokeSepaMandate(String mandateId) {
        SepaMandate mandate = sepaMandate(mandateId);
        sepaMandates.remove(mandate);
        sepaMandates.add(mandate.revoked());
    }

    private SepaMandate sepaMandate(String mandateId) {
        return sepaMandates.stream().filter(m -> m.mandateId().equals(mandateId)).findFirst()
                .orElseThrow(() -> new io.duesflow.platform.NotFound("Mandate", mandateId + " of member " + memberNumber));
    }

    void addBetalingsserviceAgreement(String agreementNumber) {
        boolean known = betalingsserviceAgreements.stream().anyMatch(a -> a.agreementNumber().equals(agreementNumber));
        if (known) {
            throw new Conflict("agreementNumber", "Member " + memberNumber + " already has agreement " + agreementNumber);
        }
        betalingsserviceAgreements.add(new BetalingsserviceAgreement(agreementNumber, BetalingsserviceAgreement.Status.ACTIVE));
    }

    void cancelBetalingsserviceAgreement(String agreementNumber) {
        BetalingsserviceAgreement agreement = betalingsserviceAgreements.stream()
                .filter(a -> a.agreementNumber().equals(agreementNumber)).findFirst()
                .orElseThrow(() -> new io.duesflow.platform.NotFound("Agreement", agreementNumber));
        betalingsserviceAgreements.remove(agreement);
        betalingsserviceAgreements.add(new BetalingsserviceAgreement(agreementNumber, BetalingsserviceAgreement.Status.CANCELLED));
    }

    /**
     * Nets registered the agreement (0603, 0231, or listed active in 0230): it becomes the member's, active from
     * {@code on}. Answers whether anything changed: an agreement known and active already stays as it is.
     */
    boolean agreementRegistered(String agreementNumber, LocalDate on) {
        BetalingsserviceAgreement known = betalingsserviceAgreement(agreementNumber);
        if (known != null && known.isActive()) {
            return false;
        }
        if (known != null) {
            betalingsserviceAgreements.remove(known);
        }
        betalingsserviceAgreements.add(new BetalingsserviceAgreement(known == null ? agreementNumber
                : known.agreementNumber(), BetalingsserviceAgreement.Status.ACTIVE, on, null, null));
        return true;
    }

    /**
     * Nets reported the agreement cancelled on {@code on} by {@code by} (0603, 0232-0234). Answers whether anything
     * changed: one cancelled already stays as it is.
     *
     * @throws io.duesflow.platform.NotFound when the member has no such agreement
     */
    boolean agreementCancelled(String agreementNumber, LocalDate on, String by) {
        BetalingsserviceAgreement known = betalingsserviceAgreement(agreementNumber);
        if (known == null) {
            throw new io.duesflow.platform.NotFound("Agreement", agreementNumber + " of member " + memberNumber);
        }
        if (!known.isActive()) {
            return false;
        }
        betalingsserviceAgreements.remove(known);
        betalingsserviceAgreements.add(new BetalingsserviceAgreement(known.agreementNumber(),
                BetalingsserviceAgreement.Status.CANCELLED, known.registeredOn(), on, by));
        return true;
    }

    /** The member's agreement of that number, leading zeros aside (Nets pads them to 9 digits), or null. */
    private BetalingsserviceAgreement betalingsserviceAgreement(String agreementNumber) {
        String wanted = withoutLeadingZeros(agreementNumber);
        return betalingsserviceAgreements.stream().filter(a -> withoutLeadingZeros(a.agreementNumber()).equals(wanted))
                .findFirst().orElse(null);
    }

    private static String withoutLeadingZeros(String number) {
        String stripped = number.strip().replaceFirst("^0+", "");
        return stripped.isEmpty() ? "0" : stripped;
    }

    void suspend(LocalDate startsOn, LocalDate endsOn) {
        if (endsOn.isBefore(startsOn)) {
            throw new InvalidInput("endsOn", "The suspension ends on " + endsOn + ", before it starts on " + startsOn);
        }
        for (Suspension existing : suspensions) {
            if (!existing.endsOn().isBefore(startsOn) && !endsOn.isBefore(existing.startsOn())) {
                throw new Conflict("startsOn", "The suspension " + startsOn + "–" + endsOn + " overlaps the one from "
                        + existing.startsOn() + " to " + existing.endsOn());
            }
        }
        suspensions.add(new Suspension(startsOn, endsOn));
    }

    void endSuspension(LocalDate startsOn) {
        if (!suspensions.removeIf(s -> s.startsOn().equals(startsOn))) {
            throw new io.duesflow.platform.NotFound("Suspension starting", startsOn);
        }
    }

    MemberStatus statusOn(LocalDate day) {
        if (leaveDate != null && !leaveDate.isAfter(day)) {
            return MemberStatus.LEFT;
        }
        return suspensions.stream().anyMatch(s -> s.covers(day)) ? MemberStatus.SUSPENDED : MemberStatus.ACTIVE;
    }

    /** Direct debit needs an active mandate or agreement; without one the member is invoiced and flagged. */
    boolean hasValidMandate() {
        return switch (collectionMethod) {
            case SEPA_DIRECT_DEBIT -> sepaMandates.stream().anyMatch(SepaMandate::isActive);
            case BETALINGSSERVICE -> betalingsserviceAgreements.stream().anyMatch(BetalingsserviceAgreement::isActive);
            default -> true;
        };
    }

    Long id() {
        return id;
    }

    Integer version() {
        return version;
    }

    long memberNumber() {
        return memberNumber;
    }

    String name() {
        return name;
    }

    String email() {
        return email;
    }

    PostalAddress address() {
        return address;
    }

    String phone() {
        return phone;
    }

    LocalDate birthDate() {
        return birthDate;
    }

    LocalDate joinDate() {
        return joinDate;
    }

    LocalDate leaveDate() {
        return leaveDate;
    }

    String language() {
        return language;
    }

    CollectionMethod collectionMethod() {
        return collectionMethod;
    }

    List<GroupMembership> groups() {
        return groups.stream().sorted(Comparator.comparing(GroupMembership::joinedOn)
                .thenComparing(GroupMembership::groupId)).toList();
    }

    Map<String, ExtraValue> extraValues() {
        return Map.copyOf(extraValues);
    }

    List<SepaMandate> sepaMandates() {
        return sepaMandates.stream().sorted(Comparator.comparing(SepaMandate::signedOn)).toList();
    }

    List<BetalingsserviceAgreement> betalingsserviceAgreements() {
        return betalingsserviceAgreements.stream().sorted(Comparator.comparing(BetalingsserviceAgreement::agreementNumber)).toList();
    }

    List<Suspension> suspensions() {
        return suspensions.stream().sorted(Comparator.comparing(Suspension::startsOn)).toList();
    }

    Instant createdAt() {
        return createdAt;
    }

    String createdBy() {
        return createdBy;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    String updatedBy() {
        return updatedBy;
    }

    /** A period with start and end date, both included, in which the member pays the suspension fee. */
    record Suspension(LocalDate startsOn, LocalDate endsOn) {
        boolean covers(LocalDate day) {
            return !day.isBefore(startsOn) && !day.isAfter(endsOn);
        }
    }

    record GroupMembership(long groupId, LocalDate joinedOn, LocalDate leftOn) {
    }

    /** One value of an extra field; exactly one of the three is set, matching the field's type. */
    @Table("member_extra_value")
    record ExtraValue(BigDecimal numberValue, String textValue, LocalDate dateValue) {
        Object value() {
            return numberValue != null ? numberValue : textValue != null ? textValue : dateValue;
        }
    }

    /**
     * @param registeredOn the day Nets registered it (its 0603), when known
     * @param cancelledOn  the day it was cancelled, when it was
     * @param cancelledBy  who cancelled it as Nets reported it: {@code bank}, {@code creditor} or
     *                     {@code Betalingsservice}; null when cancelled in duesflow or not at all
     */
    record BetalingsserviceAgreement(String agreementNumber, Status status, LocalDate registeredOn,
                                     LocalDate cancelledOn, String cancelledBy) {
        enum Status { ACTIVE, CANCELLED }

        @org.springframework.data.annotation.PersistenceCreator
        BetalingsserviceAgreement {
        }

        BetalingsserviceAgreement(String agreementNumber, Status status) {
            this(agreementNumber, status, null, null, null);
        }

        boolean isActive() {
            return status == Status.ACTIVE;
        }
    }
}
