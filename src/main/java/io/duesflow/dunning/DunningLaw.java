package io.duesflow.dunning;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import io.duesflow.billing.ChargeReminders;
import io.duesflow.members.Association;

/**
 * The rules a reminder fee and its pay-by date must keep, by the country of the association's address: the law
 * where duesflow knows it, the association's own settings elsewhere. Each rule carries the words a refusal names it
 * with.
 *
 * <ul>
 *   <li><b>Denmark</b>, renteloven § 9 b: a reminder letter may add a fee of at most 100 kr; fees on at most three
 *   letters for one debt; and only for a letter at least 10 days after the one before. An association billing in
 *   euros may charge what 100 kr is at the krone's fixed central rate (7.46038): EUR 13.40.</li>
 *   <li><b>The Netherlands</b>, the WIK (art. 6:96 BW): a reminder that charges collection costs must give the debtor
 *   14 days, counted from the day after it, to pay without them. duesflow charges no collection costs unless the
 *   treasurer types a fee; with a fee, the pay-by date must keep the 14 days.</li>
 *   <li><b>Elsewhere</b>: the association's dunning settings (a highest fee, a number of fee letters, days between
 *   letters), each only when set.</li>
 * </ul>
 *
 * @param name             where the rules come from, for the README and the form
 * @param maxFee           the highest fee per letter in the association's currency, or null
 * @param maxFeeLetters    letters of one debt that may carry a fee, or null
 * @param minDaysBetween   days a fee letter must follow the letter before, or null
 * @param minPayDaysWithFee days a letter with a fee must give to pay, counted from the day after it, or null
 */
record DunningLaw(String name, BigDecimal maxFee, String maxFeeRule, Integer maxFeeLetters, String maxFeeLettersRule,
                  Integer minDaysBetween, String minDaysBetweenRule, Integer minPayDaysWithFee, String minPayDaysRule) {

    /** 100 kr at Danmarks Nationalbank's central rate in ERM II (7.46038 kr per euro), rounded down to the cent. */
    static final BigDecimal DANISH_FEE_CAP_EUR = new BigDecimal("13.40");
    static final BigDecimal DANISH_FEE_CAP_DKK = new BigDecimal("100.00");

    static DunningLaw of(Association association, DunningSettings settings) {
        String country = association.address() == null || association.address().country() == null ? ""
                : association.address().country().trim().toUpperCase(java.util.Locale.ROOT);
        return switch (country) {
            case "DK" -> {
                boolean euro = "EUR".equals(association.currency());
                BigDecimal cap = euro ? DANISH_FEE_CAP_EUR : DANISH_FEE_CAP_DKK;
                yield new DunningLaw("Danish law (renteloven § 9 b)", cap,
                        "renteloven § 9 b: a reminder letter may add a fee of at most 100 kr"
                                + (euro ? " (EUR 13.40 at the krone's central rate)" : ""),
                        3, "renteloven § 9 b: a fee may be added on at most three reminder letters for one debt",
                        10, "renteloven § 9 b: a fee only for a reminder letter sent at least 10 days after the one "
                        + "before", null, null);
            }
            case "NL" -> new DunningLaw("Dutch law (WIK, art. 6:96 BW)", null, null, null, null, null, null, 14,
                    "WIK (art. 6:96 BW): a reminder that charges collection costs must give 14 days to pay, counted "
                            + "from the day after it");
            default -> new DunningLaw("the association's dunning settings", settings.maxFee(),
                    "the association's dunning settings: a reminder letter may add a fee of at most "
                            + (settings.maxFee() == null ? "" : settings.maxFee().toPlainString()),
                    settings.maxFeeLetters(), "the association's dunning settings: a fee on at most "
                    + settings.maxFeeLetters() + " reminder letters for one debt",
                    settings.minDaysBetween(), "the association's dunning settings: a fee only for a reminder letter "
                    + "at least " + settings.minDaysBetween() + " days after the one before", null, null);
        };
    }

    /** The earliest pay-by date a letter sent {@code on} with a fee may give, or null when no rule sets one. */
    LocalDate earliestPayByWithFee(LocalDate on) {
        // "Counted from the day after it": sent on the 1st, the 14 days are the 2nd to the 15th.
        return minPayDaysWithFee == null ? null : on.plusDays(minPayDaysWithFee);
    }

    /** Why a letter sent {@code on} to this charge may not add a fee, or null when it may. */
    String noFeeBecause(ChargeReminders.ReminderState charge, LocalDate on) {
        return noFeeBecause(charge.number(), charge.feeLetters(), charge.lastRemindedOn(), on);
    }

    String noFeeBecause(String number, int feeLetters, LocalDate lastRemindedOn, LocalDate on) {
        if (maxFeeLetters != null && feeLetters >= maxFeeLetters) {
            return maxFeeLettersRule + "; charge " + number + " has had " + feeLetters;
        }
        if (minDaysBetween != null && lastRemindedOn != null
                && ChronoUnit.DAYS.between(lastRemindedOn, on) < minDaysBetween) {
            return minDaysBetweenRule + "; charge " + number + " was reminded on " + lastRemindedOn + ", "
                    + ChronoUnit.DAYS.between(lastRemindedOn, on) + " days before";
        }
        return null;
    }
}
