package io.duesflow.banking.statements;

import java.util.List;

/**
 * One block of the original pain.008 in a pain.002 ({@code OrgnlPmtInfAndSts}), with its status and, after it,
 * the collections the bank reports on one by one.
 *
 * @param originalPaymentInformationId the block's {@code PmtInfId}
 * @param status                       {@code PmtInfSts}: {@code RJCT} rejects the whole block, {@code PART} some
 *                                     of it; null when the bank gives none
 * @param reasons                      {@code StsRsnInf}, in order
 * @param line                         where the block starts in the file
 */
public record PaymentBlockStatus(String originalPaymentInformationId, String status, List<Reason> reasons,
                                 int line) {

    public PaymentBlockStatus {
        reasons = List.copyOf(reasons);
    }
}
