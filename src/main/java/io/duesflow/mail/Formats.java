package io.duesflow.mail;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How amounts, dates, account numbers and addresses are written in one language and currency. Templates call it
 * as {@code fmt}, hence the public methods. One instance per rendering: {@link DecimalFormat} is not thread-safe.
 */
final class Formats {

    private static final Map<Language, DateTimeFormatter> DATES = new EnumMap<>(Map.of(
            Language.DA, DateTimeFormatter.ofPattern("d. MMMM yyyy", Language.DA.locale()),
            Language.NL, DateTimeFormatter.ofPattern("d MMMM yyyy", Language.NL.locale()),
            Language.EN, DateTimeFormatter.ofPattern("d MMMM yyyy", Language.EN.locale())));

    private static final Map<Language, DateTimeFormatter> DAY_MONTH = new EnumMap<>(Map.of(
            Language.DA, DateTimeFormatter.ofPattern("d. MMMM", Language.DA.locale()),
            Language.NL, DateTimeFormatter.ofPattern("d MMMM", Language.NL.locale()),
            Language.EN, DateTimeFormatter.ofPattern("d MMMM", Language.EN.locale())));

    // Countries that write the house number before the street and the postcode after the town.
    private static final Set<String> NUMBER_FIRST = Set.of("GB", "IE", "US", "CA", "AU");

    private final Language language;
    private final String currency;
    private final DecimalFormat amounts;

    Formats(Language language, String currency) {
        this.language = language;
        this.currency = currency;
        // Set explicitly rather than taken from the JDK's locale data, whose minus sign differs between versions.
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setDecimalSeparator(language == Language.EN ? '.' : ',');
        symbols.setGroupingSeparator(language == Language.EN ? ',' : '.');
        symbols.setMinusSign('-');
        this.amounts = new DecimalFormat("#,##0.00", symbols);
    }

    public Language language() {
        return language;
    }

    public String currency() {
        return currency;
    }

    /** {@code 1.234,50} in Danish and Dutch, {@code 1,234.50} in English. */
    public String amount(BigDecimal amount) {
        return amounts.format(amount);
    }

    /** The amount with its currency code in front: {@code EUR 1.234,50}, as banks print it in all three languages. */
    public String money(BigDecimal amount) {
        return currency + " " + amount(amount);
    }

    /** {@code 3. marts 2027}, {@code 3 maart 2027}, {@code 3 March 2027}. */
    public String date(LocalDate date) {
        return date == null ? "" : DATES.get(language).format(date);
    }

    /** {@code 1 January – 31 December 2027}: the year once when both ends share it, so the period fits one line. */
    public String period(ChargeDocument.Period period) {
        if (period == null) {
            return "";
        }
        String from = period.from().getYear() == period.to().getYear()
                ? DAY_MONTH.get(language).format(period.from()) : date(period.from());
        return from + " – " + date(period.to());
    }

    /** An IBAN in groups of four, as people read it: {@code NL91 ABNA 0417 1643 00}. */
    public static String iban(String iban) {
        String compact = compactIban(iban);
        return compact.replaceAll("(.{4})(?!$)", "$1 ");
    }

    static String compactIban(String iban) {
        return iban == null ? "" : iban.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /**
     * The member's own IBAN as a direct-debit notice shows it: the country and the last two characters, with a fixed
     * number of dots so that not even the length of the account number is given away.
     */
    static String maskedIban(String iban) {
        String compact = compactIban(iban);
        if (compact.length() < 6) {
            throw new IllegalArgumentException("'" + iban + "' is too short to be an IBAN");
        }
        return compact.substring(0, 2) + "••••••••" + compact.substring(compact.length() - 2);
    }

    /**
     * The lines of a postal address in the order the post of its country expects; the country is named (in the
     * reader's language) only when it differs from the sender's.
     */
    List<String> addressLines(ChargeDocument.Address address, String senderCountry) {
        List<String> lines = new ArrayList<>();
        if (address == null) {
            return lines;
        }
        boolean numberFirst = address.country() != null && NUMBER_FIRST.contains(address.country());
        String street = numberFirst ? join(address.buildingNumber(), address.street())
                : join(address.street(), address.buildingNumber());
        addIfPresent(lines, street);
        if (numberFirst) {
            addIfPresent(lines, address.town());
            addIfPresent(lines, address.postcode());
        } else {
            addIfPresent(lines, join(address.postcode(), address.town()));
        }
        if (address.country() != null && !address.country().equalsIgnoreCase(senderCountry)) {
            lines.add(new Locale("", address.country()).getDisplayCountry(language.locale()));
        }
        return lines;
    }

    /** The sender's address on one line, for the letterhead and footer. */
    String addressLine(ChargeDocument.Address address) {
        return String.join(", ", addressLines(address, address == null ? null : address.country()));
    }

    private static String join(String first, String second) {
        return ((first == null ? "" : first) + " " + (second == null ? "" : second)).trim();
    }

    private static void addIfPresent(List<String> lines, String line) {
        if (line != null && !line.isBlank()) {
            lines.add(line);
        }
    }
}
