package io.duesflow.banking;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Danish bank days, which Betalingsservice counts its deadlines in: every day but Saturdays, Sundays and the days
 * the Danish banks are closed. The closing days, as Danmarks Nationalbank publishes them for its settlement
 * systems (betalingsservice.md has no list; this one was checked against the task's list and the rules below):
 * <ul>
 * <li>Nytårsdag, 1 January;</li>
 * <li>Skærtorsdag and Langfredag, the Thursday and Friday before Easter, and 2. påskedag, the Monday after;</li>
 * <li>Kristi himmelfartsdag, 39 days after Easter Sunday, <b>and the Friday after it</b>: not a public holiday,
 * but the banks close (the "banklukkedag" of their collective agreement);</li>
 * <li>2. pinsedag, Whit Monday, 50 days after Easter Sunday;</li>
 * <li>Grundlovsdag, 5 June: the banks close, though it is not a public holiday by law;</li>
 * <li>Juleaftensdag 24 December, Juledag 25 December, 2. juledag 26 December and Nytårsaftensdag 31 December.</li>
 * </ul>
 * <b>Store Bededag</b> (the fourth Friday after Easter) was a closing day until 2023; the Folketing abolished it
 * as a public holiday from 2024 (lov nr. 1 af 28. februar 2023), and the banks have been open on it since.
 * <b>1 May</b> is no Danish bank closing day, unlike in TARGET2 ({@link Target2Calendar}), which closes that day
 * and is open on 24 and 31 December. Easter Sunday and Whit Sunday are Sundays anyway.
 */
public final class DanishBankCalendar {

    /**
     * Bank days before the payment date by which a delivery must reach Nets, by default. Nets states its
     * collection deadline in bank days before the month's change ("Fristen er angivet i antal bankdage før et
     * månedsskifte", betalingsservice.dk, "Månedscyklus i Betalingsservice"): collections delivered with more than
     * 6 bank days left reach the member's monthly payment overview; from 6 to 3 days they cost an extra overview
     * and fee each; with fewer than 3 they wait for the next month (as the iteras help pages put Nets' cycle). 8
     * bank days keeps two bank days' margin before the fee threshold, for a delivery sent late in the day, a
     * treasurer's late approval or a day of transmission trouble, and puts the deadline of a payment on the first
     * of a month on about the 20th of the month before (Wednesday 20 January 2027 for Monday 1 February).
     */
    public static final int DEFAULT_DEADLINE_BANK_DAYS = 8;

    /** The last year Store Bededag closed the banks. */
    private static final int LAST_STORE_BEDEDAG = 2023;

    /** Each year's list made once: a deadline looks at a dozen days, a billing run at one deadline per date. */
    private static final Map<Integer, Map<LocalDate, String>> CLOSING_DAYS = new ConcurrentHashMap<>();

    private DanishBankCalendar() {
    }

    /** Whether the Danish banks are open: a weekday and no {@link #closingDays closing day}. */
    public static boolean isBankDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && closingDay(day) == null;
    }

    /** The closing days of a year with their Danish names, in date order (weekends not listed). */
    public static Map<LocalDate, String> closingDays(int year) {
        return CLOSING_DAYS.computeIfAbsent(year, DanishBankCalendar::listed);
    }

    private static Map<LocalDate, String> listed(int year) {
        Map<LocalDate, String> days = new TreeMap<>();
        LocalDate easter = Target2Calendar.easterSunday(year);
        days.put(LocalDate.of(year, 1, 1), "Nytårsdag");
        days.put(easter.minusDays(3), "Skærtorsdag");
        days.put(easter.minusDays(2), "Langfredag");
        days.put(easter.plusDays(1), "2. påskedag");
        if (year <= LAST_STORE_BEDEDAG) {
            days.put(easter.plusDays(26), "Store bededag");
        }
        days.put(easter.plusDays(39), "Kristi himmelfartsdag");
        days.put(easter.plusDays(40), "Fredag efter Kristi himmelfartsdag");
        days.put(easter.plusDays(50), "2. pinsedag");
        days.put(LocalDate.of(year, 6, 5), "Grundlovsdag");
        days.put(LocalDate.of(year, 12, 24), "Juleaftensdag");
        days.put(LocalDate.of(year, 12, 25), "Juledag");
        days.put(LocalDate.of(year, 12, 26), "2. juledag");
        days.put(LocalDate.of(year, 12, 31), "Nytårsaftensdag");
        return Collections.unmodifiableMap(days);
    }

    /** The day itself when it is a bank day, else the next bank day. */
    public static LocalDate nextBankDayOnOrAfter(LocalDate day) {
        return OpenDays.nextOnOrAfter(day, DanishBankCalendar::isBankDay);
    }

    /**
     * The {@code days}-th bank day after {@code day} (before it when negative); the day itself is not counted, so
     * {@code plusBankDays(Tuesday 23 December 2025, 1)} is Monday 29 December. Zero gives the day unchanged.
     */
    public static LocalDate plusBankDays(LocalDate day, int days) {
        return OpenDays.plus(day, days, DanishBankCalendar::isBankDay);
    }

    /**
     * The last day a delivery with payments on {@code paymentDate} must reach Nets: the {@code bankDays}-th bank
     * day before the payment date (the payment date itself not counted, and counted as given even when it is not
     * a bank day, which only makes the deadline earlier). See {@link #DEFAULT_DEADLINE_BANK_DAYS} for the number.
     */
    public static LocalDate deliveryDeadline(LocalDate paymentDate, int bankDays) {
        Objects.requireNonNull(paymentDate, "paymentDate");
        if (bankDays < 1) {
            throw new IllegalArgumentException("A Betalingsservice delivery must reach Nets at least one bank day "
                    + "before the payment date, not " + bankDays);
        }
        return plusBankDays(paymentDate, -bankDays);
    }

    /** {@link #deliveryDeadline(LocalDate, int)} with {@link #DEFAULT_DEADLINE_BANK_DAYS}. */
    public static LocalDate deliveryDeadline(LocalDate paymentDate) {
        return deliveryDeadline(paymentDate, DEFAULT_DEADLINE_BANK_DAYS);
    }

    private static String closingDay(LocalDate day) {
        return closingDays(day.getYear()).get(day);
    }
}
