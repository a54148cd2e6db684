package io.duesflow.members;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A member as the REST API and the CSV import send it.
 *
 * @param extraFields values keyed by field code ({@code F1}) or name; a null value clears the field
 * @param groups      group names to join on the join date (registration only)
 * @param version     the version read, for changes: a stale one is refused with 409
 */
public record MemberInput(String name, String email, PostalAddress address, String phone, LocalDate birthDate,
                          LocalDate joinDate, LocalDate leaveDate, String language, CollectionMethod collectionMethod,
                          Map<String, Object> extraFields, List<String> groups, Integer version) {

    List<String> groupsOrEmpty() {
        return groups == null ? List.of() : groups;
    }
}
