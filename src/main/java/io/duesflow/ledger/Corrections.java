package io.duesflow.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Vouchers a treasurer books by hand: a correction (nothing booked is ever edited; a mistake is undone by a new
 * voucher), an opening balance, a transfer between accounts. Every line names a known, active account and either a
 * debit or a credit; debits and credits must agree.
 */
@Service
@Transactional
class Corrections {

    /**
     * @param key optional: the same key sent again (a retried request) books nothing and answers the voucher booked
     */
    record CorrectionInput(LocalDate date, String text, String key, List<LineInput> lines) {
    }

    record LineInput(String account, BigDecimal debit, BigDecimal credit, String text, Long memberNumber) {
    }

    private final Journal journal;
    private final ChartOfAccounts chart;
    private final Clock clock;

    Corrections(Journal journal, ChartOfAccounts chart, Clock clock) {
        this.journal = journal;
        this.chart = chart;
        this.clock = clock;
    }

    Journal.Voucher book(CorrectionInput input) {
        String key = input.key() == null || input.key().isBlank() ? UUID.randomUUID().toString() : input.key().trim();
        Optional<Journal.Voucher> before = journal.booked(Journal.Source.CORRECTION, key);
        if (before.isPresent()) {
            return before.get();
        }
        LocalDate today = LocalDate.now(clock);
        if (input.date() == null || input.date().isAfter(today)) {
            throw new InvalidInput("date", "Give the day the correction is for, today (" + today + ") or earlier");
        }
        if (input.text() == null || input.text().isBlank()) {
            throw new InvalidInput("text", "Say what the voucher corrects");
        }
        List<LineInput> lines = input.lines() == null ? List.of() : input.lines();
        if (lines.size() < 2) {
            throw new InvalidInput("lines", "A voucher has at least two lines: a debit and a credit");
        }
        Map<String, Account> accounts = chart.byNumber();
        BigDecimal[] amounts = new BigDecimal[lines.size()];
        BigDecimal debit = BigDecimal.ZERO;
        BigDecimal credit = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            LineInput line = lines.get(i);
            String field = "lines[" + i + "]";
            Account account = line.account() == null ? null : accounts.get(line.account().trim());
            if (account == null) {
                throw new InvalidInput(field + ".account", "Account '" + line.account() + "' is not in the chart of "
                        + "accounts");
            }
            if (!account.active()) {
                throw new InvalidInput(field + ".account", "Account " + account.number() + " (" + account.name()
                        + ") is inactive; nothing more is booked to it");
            }
            if ((line.debit() == null) == (line.credit() == null)) {
                throw new InvalidInput(field, "A line is either a debit or a credit: give one of the two");
            }
            if (line.debit() != null) {
                amounts[i] = Money.checked(field + ".debit", line.debit(), true);
                debit = debit.add(amounts[i]);
            } else {
                amounts[i] = Money.checked(field + ".credit", line.credit(), true).negate();
                credit = credit.add(amounts[i].negate());
            }
        }
        if (debit.compareTo(credit) != 0) {
            throw new InvalidInput("lines", "The voucher does not balance: debit " + debit + ", credit " + credit
                    + ", a difference of " + debit.subtract(credit).abs());
        }
        String text = input.text().trim();
        Journal.Booked booked = journal.book(Journal.Source.CORRECTION, key, input.date(), text, sink -> {
            for (int i = 0; i < lines.size(); i++) {
                LineInput line = lines.get(i);
                sink.add(line.account().trim(), amounts[i], line.text() == null || line.text().isBlank() ? text
                        : line.text().trim(), line.memberNumber(), null);
            }
        }).orElseThrow();
        return journal.voucher(booked.year(), booked.number());
    }
}
