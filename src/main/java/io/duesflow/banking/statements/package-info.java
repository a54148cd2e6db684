/**
 * Reading what banks send: camt.052 account reports, camt.053 statements, camt.054 debit/credit notifications
 * (.001.02 to .001.08) and pain.002 payment status reports (.001.03, .001.10). {@link
 * io.duesflow.banking.statements.BankFileReader} is the way in: it recognises a file by its namespace, refuses
 * what is unsafe or unknown, checks it against the official schema of its own version while it streams it, and
 * hands the caller one statement, entry and transaction at a time through a {@link
 * io.duesflow.banking.statements.BankFileVisitor}. {@link io.duesflow.banking.statements.ReasonCode} says what a
 * return or reject code means, in the member's language. Formats only: what a payment matches is the payments
 * room's business.
 */
@NamedInterface("statements")
package io.duesflow.banking.statements;

import org.springframework.modulith.NamedInterface;
