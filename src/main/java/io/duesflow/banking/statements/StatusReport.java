package io.duesflow.banking.statements;

import java.util.List;

/**
 * The group level of a pain.002 ({@code OrgnlGrpInfAndSts}): which file it answers and its status as a whole.
 *
 * @param originalMessageId   the {@code MsgId} of the pain.008 it answers
 * @param originalMessageName {@code OrgnlMsgNmId}, e.g. {@code pain.008.001.08}
 * @param groupStatus         {@code GrpSts}: {@code ACCP}, {@code ACTC}, {@code PART} (some rejected),
 *                            {@code RJCT} (the whole file), …; null when the bank gives none
 * @param reasons             {@code StsRsnInf}, in order
 */
public record StatusReport(String originalMessageId, String originalMessageName, String groupStatus,
                           List<Reason> reasons) {

    public StatusReport {
        reasons = List.copyOf(reasons);
    }
}
