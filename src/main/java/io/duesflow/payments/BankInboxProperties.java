package io.duesflow.payments;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the bank inbox is read. The folders themselves are the bank folders' ({@code DUESFLOW_BANK_INBOX},
 * {@code DUESFLOW_BANK_PROCESSED}, {@code DUESFLOW_BANK_ERROR}).
 *
 * @param enabled      whether this node reads the inbox at all (every node may; only one reads at a time)
 * @param pollInterval how often the inbox is looked at
 * @param settleTime   a file is taken once its size and time have not changed for this long, so a file the bank's
 *                     download client is still writing is never read half
 */
@ConfigurationProperties("duesflow.bank.inbox-poll")
record BankInboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration pollInterval,
                           @DefaultValue("2s") Duration settleTime) {
}
