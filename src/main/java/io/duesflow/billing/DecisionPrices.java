package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import io.duesflow.members.MemberSnapshot;
import io.duesflow.platform.Money;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Prices from a DMN decision table deployed from {@code processes/} (see {@code membership-fee.dmn}), evaluated by
 * the engine's DMN engine. The table sees {@code age}, {@code groups}, {@code memberNumber}, {@code joinDate},
 * {@code collectionMethod}, {@code postcode}, {@code language} and every extra field by code; it answers {@code fee}.
 */
@Component
class DecisionPrices {

    static final String OUTPUT = "fee";

    private final DecisionService decisions;
    private final RepositoryService repository;

    DecisionPrices(DecisionService decisions, RepositoryService repository) {
        this.decisions = decisions;
        this.repository = repository;
    }

    /**
     * Outside the caller's transaction: a decision that fails for one member must not doom the whole
     * simulation's read-only transaction.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    BigDecimal price(String decisionKey, MemberSnapshot member, LocalDate referenceDate) {
        Map<String, Object> variables = new HashMap<>(member.extraValues());
        variables.put("age", member.ageOn(referenceDate));
        variables.put("groups", new ArrayList<>(member.groups()));
        variables.put("memberNumber", member.memberNumber());
        variables.put("joinDate", member.joinDate());
        variables.put("collectionMethod", member.collectionMethod().name());
        variables.put("postcode", member.postcode());
        variables.put("language", member.language());
        DmnDecisionResult result;
        try {
            result = decisions.evaluateDecisionByKey(decisionKey).variables(variables).evaluate();
        } catch (NotFoundException e) {
            throw new IllegalArgumentException("there is no decision '" + decisionKey + "' deployed");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the decision '" + decisionKey + "' failed: " + e.getMessage());
        }
        if (result.isEmpty() || result.getFirstResult().getEntry(OUTPUT) == null) {
            throw new IllegalArgumentException("the decision '" + decisionKey + "' gives no fee for this member");
        }
        Object fee = result.getFirstResult().getEntry(OUTPUT);
        BigDecimal amount = Money.round(new BigDecimal(fee.toString()));
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("the decision '" + decisionKey + "' gives a negative fee " + amount);
        }
        return amount;
    }

    boolean isDeployed(String decisionKey) {
        return repository.createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey).count() > 0;
    }
}
