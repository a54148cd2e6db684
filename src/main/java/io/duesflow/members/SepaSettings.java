package io.duesflow.members;

import io.duesflow.banking.Pain008Version;

/**
 * How the association's bank wants its direct-debit files.
 *
 * @param pain008Version   {@code V08} (the EPC rulebook since 2023) or {@code V02}, which Dutch banks still take
 * @param rcurFromFirst    send RCUR from the first collection: allowed since the November 2016 rulebook and what
 *                         many banks now prefer; false sends FRST first
 * @param batchBooking     one entry per payment block on the association's statement, not one per member
 * @param onePaymentBlockPerFile some banks refuse a file with several collections (sequence types) in it
 * @param leadDays         TARGET2 business days the bank needs before the collection date (SEPA Core: 1)
 */
public record SepaSettings(Pain008Version pain008Version, boolean rcurFromFirst, boolean batchBooking,
                           boolean onePaymentBlockPerFile, int leadDays) {

    public static final SepaSettings DEFAULTS = new SepaSettings(Pain008Version.V08, false, true, false, 1);
}
