package io.duesflow.members;

import java.time.LocalDate;

/** What a person tells the association about themselves; checked by {@link MemberRegister}. */
record MemberDetails(String name, String email, PostalAddress address, String phone, LocalDate birthDate,
                     LocalDate joinDate, LocalDate leaveDate, String language, CollectionMethod collectionMethod) {
}
