package io.duesflow.billing;

import org.springframework.data.repository.ListCrudRepository;

interface BillingLineRepository extends ListCrudRepository<BillingLine, Long> {
}
