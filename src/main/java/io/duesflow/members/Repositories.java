package io.duesflow.members;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

interface AssociationRepository extends ListCrudRepository<Association, Integer> {
}

interface ExtraFieldRepository extends ListCrudRepository<ExtraField, String> {
    Optional<ExtraField> findByName(String name);
}

interface MemberGroupRepository extends ListCrudRepository<MemberGroup, Long> {
    Optional<MemberGroup> findByName(String name);
}

interface MemberRepository extends ListCrudRepository<Member, Long> {
    Optional<Member> findByMemberNumber(long memberNumber);
}
