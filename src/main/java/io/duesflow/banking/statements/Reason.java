package io.duesflow.banking.statements;

import java.util.List;
import java.util.Optional;

/**
 * Why a collection came back ({@code RtrInf} in camt) or was rejected ({@code StsRsnInf} in pain.002): the ISO
 * code (e.g. {@code AC04}), or a bank's own reason when it gives no code; who gave it (the debtor's bank's BIC or
 * a name); and the free text the bank added.
 */
public record Reason(String code, String proprietary, String originatorName, String originatorBic,
                     List<String> additionalInformation) {

    public Reason {
        additionalInformation = List.copyOf(additionalInformation);
    }

    /** The code's meaning, when it is one of the SEPA codes duesflow knows. */
    public Optional<ReasonCode> known() {
        return code == null ? Optional.empty() : ReasonCode.of(code);
    }
}
