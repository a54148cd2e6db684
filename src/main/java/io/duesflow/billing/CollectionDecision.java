package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.duesflow.banking.betalingsservice.BetalingsserviceProperties;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionAgreement;
import io.duesflow.members.CollectionMandate;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import org.springframework.stereotype.Component;

/**
 * Who collects each charge of a run, decided once, when the run is approved, and recorded on the charge. The bank
 * file and the member's invoice both read that decision, so an invoice never promises a debit that no file holds:
 * a member on SEPA direct debit is collected only when the association can collect by SEPA, the member has an active
 * mandate and the debit passes every check the file will make; otherwise the member is invoiced, with the reason.
 * The same for a member on Betalingsservice, their agreement and the delivery.
 */
@Component
class CollectionDecision {

    record Candidate(long chargeId, String number, long memberNumber, String collectionMethod, BigDecimal owed,
                     String rfReference) {
    }

    /** @param note why a member on direct debit is invoiced instead; null when collected as chosen */
    record Decision(long chargeId, Charge.CollectedBy collectedBy, boolean invoicedInstead, String note) {
    }

    private final MemberRegister register;
    private final BetalingsserviceProperties betalingsservice;
    private final Clock clock;

    CollectionDecision(MemberRegister register, BetalingsserviceProperties betalingsservice, Clock clock) {
        this.register = register;
        this.betalingsservice = betalingsservice;
        this.clock = clock;
    }

    /** Decisions for the charges of members on direct debit; members who pay themselves need none. */
    List<Decision> decide(List<Candidate> candidates, Association association) {
        List<Candidate> sepa = candidates.stream()
                .filter(c -> CollectionMethod.SEPA_DIRECT_DEBIT.name().equals(c.collectionMethod())).toList();
        List<Decision> decisions = new ArrayList<>(decideBetalingsservice(candidates.stream()
                .filter(c -> CollectionMethod.BETALINGSSERVICE.name().equals(c.collectionMethod())).toList(),
                association));
        if (sepa.isEmpty()) {
            return decisions;
        }
        String cannotCollect = null;
        try {
            association.sepaCreditor();
        } catch (InvalidInput e) {
            cannotCollect = "the association cannot collect by SEPA: " + e.getMessage();
        }
        Map<Long, CollectionMandate> mandates = cannotCollect != null ? Map.of()
                : register.activeMandates(sepa.stream().map(Candidate::memberNumber).distinct().toList());
        for (Candidate charge : sepa) {
            decisions.add(cannotCollect != null ? invoiced(charge, cannotCollect)
                    : decide(charge, mandates.get(charge.memberNumber()), association));
        }
        return decisions;
    }

    private static Decision decide(Candidate charge, CollectionMandate mandate, Association association) {
        if (mandate == null) {
            return invoiced(charge, "no active SEPA mandate");
        }
        if (charge.owed().signum() <= 0) {
            return new Decision(charge.chargeId(), null, false, "nothing to collect");
        }
        try {
            mandate.directDebit(charge.number(), charge.owed(), charge.rfReference(), association.sepa());
        } catch (IllegalArgumentException e) {
            return invoiced(charge, e.getMessage());
        }
        return new Decision(charge.chargeId(), Charge.CollectedBy.SEPA_DIRECT_DEBIT, false, null);
    }

    /**
     * A member on Betalingsservice is collected when the association can collect through it (DKK, its PBS number,
     * the installation's data supplier number), the member has an active agreement and the payment passes every
     * check the delivery will make (the agreement number fits Nets' 9 digits, the name and address its characters and
     * widths); otherwise invoiced, with the FI payment line, and the reason.
     */
    private List<Decision> decideBetalingsservice(List<Candidate> candidates, Association association) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        String cannotCollect = null;
        if (!"DKK".equals(association.currency())) {
            cannotCollect = "the association cannot collect through Betalingsservice: it collects Danish kroner, "
                    + "and the association bills in " + association.currency();
        } else {
            try {
                betalingsservice.creditor(association.betalingsserviceCreditor(), association.name());
            } catch (IllegalArgumentException e) {
                cannotCollect = "the association cannot collect through Betalingsservice: " + e.getMessage();
            }
        }
        Map<Long, CollectionAgreement> agreements = cannotCollect != null ? Map.of()
                : register.activeAgreements(candidates.stream().map(Candidate::memberNumber).distinct().toList());
        LocalDate today = LocalDate.now(clock);
        List<Decision> decisions = new ArrayList<>(candidates.size());
        for (Candidate charge : candidates) {
            CollectionAgreement agreement = agreements.get(charge.memberNumber());
            if (cannotCollect != null) {
                decisions.add(invoiced(charge, cannotCollect));
            } else if (agreement == null) {
                decisions.add(invoiced(charge, "no active Betalingsservice agreement"));
            } else if (charge.owed().signum() <= 0) {
                decisions.add(new Decision(charge.chargeId(), null, false, "nothing to collect"));
            } else {
                try {
                    agreement.payment(charge.number(), charge.owed(), today, List.of());
                    decisions.add(new Decision(charge.chargeId(), Charge.CollectedBy.BETALINGSSERVICE, false, null));
                } catch (IllegalArgumentException e) {
                    decisions.add(invoiced(charge, e.getMessage()));
                }
            }
        }
        return decisions;
    }

    private static Decision invoiced(Candidate charge, String reason) {
        return new Decision(charge.chargeId(), null, true, reason);
    }
}
