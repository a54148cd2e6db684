package io.duesflow.members;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.duesflow.banking.BankAccounts;

/**
 * The rules a member's fields keep, written once for the register (a member typed in through the API) and the CSV
 * import (100 000 rows at a time). Every check reports what is wrong to a {@link Problems} sink and carries on, so
 * both name every problem at once: the import's sink adds the row and column, the register's collects them into one
 * refusal. The reasons carry the value where it helps, because a treasurer reads them without the form beside them.
 *
 * <p>Patterns are compiled once and the checks allocate nothing when a value is fine: the import runs them on every
 * row.
 */
final class MemberRules {

    static final Set<String> LANGUAGES = Set.of("da", "nl", "en");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    static final Pattern AGREEMENT_NUMBER = Pattern.compile("[0-9]{1,15}");
    static final Pattern MEMBER_NUMBER = Pattern.compile("[0-9]{1,18}");
    static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    static final int MANDATE_ID_LENGTH = 35;

    /** A member field, as the API names it and as the CSV names it. */
    enum Field {
        MEMBER_NUMBER("memberNumber", MemberCsvColumns.MEMBER_NUMBER),
        NAME("name", MemberCsvColumns.NAME),
        JOIN_DATE("joinDate", MemberCsvColumns.JOIN_DATE),
        EMAIL("email", MemberCsvColumns.EMAIL),
        COUNTRY("address.country", MemberCsvColumns.COUNTRY),
        BIRTH_DATE("birthDate", MemberCsvColumns.BIRTH_DATE),
        LEAVE_DATE("leaveDate", MemberCsvColumns.LEAVE_DATE),
        LANGUAGE("language", MemberCsvColumns.LANGUAGE),
        GROUPS("groups", MemberCsvColumns.GROUPS),
        MANDATE_ID("mandateId", MemberCsvColumns.MANDATE_ID),
        IBAN("iban", MemberCsvColumns.IBAN),
        BIC("bic", MemberCsvColumns.BIC),
        SIGNED_ON("signedOn", MemberCsvColumns.MANDATE_SIGNED_ON),
        AGREEMENT("agreementNumber", MemberCsvColumns.AGREEMENT);

        final String apiName;
        final String column;

        Field(String apiName, String column) {
            this.apiName = apiName;
            this.column = column;
        }
    }

    /** Where the checks report: the value as given (empty when there was none) and why it cannot be taken. */
    @FunctionalInterface
    interface Problems {
        void add(Field field, String value, String reason);
    }

    private MemberRules() {
    }

    /** A member number typed in: positive. */
    static void memberNumber(long number, Problems problems) {
        if (number <= 0) {
            problems.add(Field.MEMBER_NUMBER, Long.toString(number), "a member number is a positive whole number");
        }
    }

    /** A member number read from text: digits only, positive. */
    static Long memberNumber(String text, Problems problems) {
        if (blank(text)) {
            return null;
        }
        String trimmed = text.trim();
        if (!MEMBER_NUMBER.matcher(trimmed).matches()) {
            problems.add(Field.MEMBER_NUMBER, trimmed, "a member number is a positive whole number");
            return null;
        }
        long number = Long.parseLong(trimmed);
        if (number == 0) {
            memberNumber(number, problems);
            return null;
        }
        return number;
    }

    /** The name, trimmed; every member has one. */
    static String name(String name, Problems problems) {
        if (blank(name)) {
            problems.add(Field.NAME, "", "the name is required");
            return null;
        }
        return name.trim();
    }

    /** The join date given or, for a known member, the one stored; a new member needs one. */
    static LocalDate joinDate(LocalDate given, LocalDate stored, Problems problems) {
        LocalDate joinDate = given != null ? given : stored;
        if (joinDate == null) {
            problems.add(Field.JOIN_DATE, "", "the join date is required");
        }
        return joinDate;
    }

    /** The mail address, trimmed; none is fine. */
    static String email(String email, Problems problems) {
        return blank(email) ? null : shaped(Field.EMAIL, email, EMAIL, "an email address", problems);
    }

    /** The ISO country code; none is fine. */
    static String country(String country, Problems problems) {
        return blank(country) ? null
                : shaped(Field.COUNTRY, country, COUNTRY, "a two-letter ISO country code such as DK or NL", problems);
    }

    static void birthDate(LocalDate birthDate, LocalDate today, Problems problems) {
        if (birthDate != null && birthDate.isAfter(today)) {
            problems.add(Field.BIRTH_DATE, birthDate.toString(), "the birth date " + birthDate + " is in the future");
        }
    }

    /** The dates as the change leaves them, stored ones included: nobody leaves before joining. */
    static void leaveDate(LocalDate joinDate, LocalDate leaveDate, Problems problems) {
        if (joinDate != null && leaveDate != null && leaveDate.isBefore(joinDate)) {
            problems.add(Field.LEAVE_DATE, leaveDate.toString(),
                    "the leave date " + leaveDate + " is before the join date " + joinDate);
        }
    }

    /**
     * The language in lower case. None given keeps {@code fallback}: the member's own for a known member, the
     * association's first language for a new one.
     */
    static String language(String language, String fallback, Problems problems) {
        if (blank(language)) {
            return fallback;
        }
        String normal = language.trim().toLowerCase(Locale.ROOT);
        if (!LANGUAGES.contains(normal)) {
            problems.add(Field.LANGUAGE, language.trim(), "unknown language '" + language.trim() + "'; choose da, nl or en");
        }
        return normal;
    }

    /** A new member's language when none is given: the first the association offers. */
    static String defaultLanguage(Association association) {
        return association.languages().split(",")[0].trim();
    }

    /** Group names are found regardless of case and surrounding spaces. */
    static String groupKey(String group) {
        return group.trim().toLowerCase(Locale.ROOT);
    }

    static String noSuchGroup(String group) {
        return "there is no group called '" + group + "'";
    }

    /** A SEPA mandate id, trimmed: required, and at most 35 characters as pain.008 carries it. */
    static String mandateId(String mandateId, Problems problems) {
        if (blank(mandateId)) {
            problems.add(Field.MANDATE_ID, "", "a SEPA mandate needs its mandate id");
            return null;
        }
        String trimmed = mandateId.trim();
        if (trimmed.length() > MANDATE_ID_LENGTH) {
            problems.add(Field.MANDATE_ID, trimmed, "a SEPA mandate id has at most " + MANDATE_ID_LENGTH + " characters");
        }
        return trimmed;
    }

    /** The IBAN a mandate collects from, in its normal form. */
    static String iban(String iban, Problems problems) {
        if (blank(iban)) {
            problems.add(Field.IBAN, "", "a mandate needs the IBAN it collects from");
            return null;
        }
        return checked(Field.IBAN, iban, true, problems);
    }

    /** The BIC in its normal form; none is fine. */
    static String bic(String bic, Problems problems) {
        return blank(bic) ? null : checked(Field.BIC, bic, false, problems);
    }

    static void signedOn(LocalDate signedOn, Problems problems) {
        if (signedOn == null) {
            problems.add(Field.SIGNED_ON, "", "a mandate needs the date it was signed");
        }
    }

    /** A Betalingsservice agreement number, trimmed. */
    static String agreementNumber(String agreementNumber, Problems problems) {
        if (blank(agreementNumber)) {
            problems.add(Field.AGREEMENT, "", "the agreement number is required");
            return null;
        }
        return shaped(Field.AGREEMENT, agreementNumber, AGREEMENT_NUMBER,
                "a Betalingsservice agreement number (up to 15 digits)", problems);
    }

    /** The value trimmed, and a problem when it has not the shape it must have. */
    private static String shaped(Field field, String value, Pattern shape, String what, Problems problems) {
        String trimmed = value.trim();
        if (!shape.matcher(trimmed).matches()) {
            problems.add(field, trimmed, "'" + trimmed + "' is not " + what);
        }
        return trimmed;
    }

    private static String checked(Field field, String value, boolean iban, Problems problems) {
        try {
            return iban ? BankAccounts.iban(value) : BankAccounts.bic(value);
        } catch (IllegalArgumentException e) {
            problems.add(field, value, e.getMessage());
            return value;
        }
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
