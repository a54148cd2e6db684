package io.duesflow.members;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A member as billing sees them on one day: read in bulk, never changed. Criteria, formulas and prices
 * work on this and nothing else.
 *
 * @param groups        names of the groups the member belongs to on that day
 * @param extraValues   extra field values by code ({@code F1}): {@link BigDecimal}, {@link String} or {@link LocalDate}
 * @param validMandate  false only for a direct-debit member without an active mandate or agreement
 * @param suspensions   all suspension periods, for pro-rating against a billing period
 */
public record MemberSnapshot(long memberNumber, String name, String email, String postcode, String country,
                             String language, LocalDate birthDate, LocalDate joinDate, LocalDate leaveDate,
                             CollectionMethod collectionMethod, boolean validMandate, Set<String> groups,
                             Map<String, Object> extraValues, List<Period> suspensions) {

    public record Period(LocalDate startsOn, LocalDate endsOn) {
    }

    /** Whole years of age on a day, or null without a birth date. */
    public Integer ageOn(LocalDate day) {
        return birthDate == null ? null : java.time.Period.between(birthDate, day).getYears();
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
