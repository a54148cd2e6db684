package io.duesflow.members;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A member as the REST API shows it: groups and extra fields by name, status today, mandate state. */
public record MemberView(long memberNumber, Integer version, String name, String email, PostalAddress address,
                         String phone, LocalDate birthDate, LocalDate joinDate, LocalDate leaveDate, String language,
                         CollectionMethod collectionMethod, MemberStatus status, boolean validMandate,
                         List<Membership> groups, Map<String, Object> extraFields, List<Mandate> sepaMandates,
                         List<Agreement> betalingsserviceAgreements, List<Period> suspensions,
                         Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    public record Membership(String group, LocalDate joinedOn, LocalDate leftOn) {
    }

    public record Mandate(String mandateId, String iban, String bic, LocalDate signedOn, String status,
                          boolean firstCollectionDone, String originalMandateId, String originalIban, LocalDate amendedOn) {
    }

    /** A Betalingsservice agreement; the dates and who cancelled it are as Nets reported them (0603), when it did. */
    public record Agreement(String agreementNumber, String status, LocalDate registeredOn, LocalDate cancelledOn,
                            String cancelledBy) {
    }

    public record Period(LocalDate startsOn, LocalDate endsOn) {
    }

    static MemberView of(Member member, Map<Long, String> groupNames, Map<String, String> fieldNames, MemberStatus status) {
        Map<String, Object> extra = new LinkedHashMap<>();
        member.extraValues().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> extra.put(fieldNames.getOrDefault(e.getKey(), e.getKey()), e.getValue().value()));
        return new MemberView(member.memberNumber(), member.version(), member.name(), member.email(), member.address(),
                member.phone(), member.birthDate(), member.joinDate(), member.leaveDate(), member.language(),
                member.collectionMethod(), status, member.hasValidMandate(),
                member.groups().stream().map(g -> new Membership(groupNames.get(g.groupId()), g.joinedOn(), g.leftOn())).toList(),
                extra,
                member.sepaMandates().stream().map(m -> new Mandate(m.mandateId(), m.iban(), m.bic(), m.signedOn(),
                        m.status().name(), m.firstCollectionDone(), m.originalMandateId(), m.originalIban(), m.amendedOn())).toList(),
                member.betalingsserviceAgreements().stream().map(a -> new Agreement(a.agreementNumber(), a.status().name(),
                        a.registeredOn(), a.cancelledOn(), a.cancelledBy())).toList(),
                member.suspensions().stream().map(s -> new Period(s.startsOn(), s.endsOn())).toList(),
                member.createdAt(), member.createdBy(), member.updatedAt(), member.updatedBy());
    }
}
