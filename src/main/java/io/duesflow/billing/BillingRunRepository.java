package io.duesflow.billing;

import org.springframework.data.repository.ListCrudRepository;

interface BillingRunRepository extends ListCrudRepository<BillingRun, Long> {
}
