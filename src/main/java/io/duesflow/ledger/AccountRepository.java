package io.duesflow.ledger;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

interface AccountRepository extends ListCrudRepository<Account, String> {

    Optional<Account> findByRole(Account.Role role);
}
