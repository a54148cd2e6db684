package io.duesflow.billing;

import org.springframework.data.repository.ListCrudRepository;

interface ChargeTemplateRepository extends ListCrudRepository<ChargeTemplate, Long> {
}
