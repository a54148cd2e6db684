package io.duesflow.banking.betalingsservice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Records as Nets writes them in 0602 and 0603 deliveries, put together field by field at the positions of
 * betalingsservice.md §1, §3 and §4 (1-based, inclusive), for hand-written test files. Independent of the production
 * code on purpose: it must be able to disagree with the reader. Public for the tests that drop such files into the
 * bank inbox.
 */
public final class NetsLines {

    public static final String DATA_SUPPLIER = "29349444";
    public static final String PBS = "03985644";

    private final char[] chars = new char[128];

    private NetsLines() {
        java.util.Arrays.fill(chars, ' ');
    }

    public static NetsLines record(String type) {
        return new NetsLines().at(1, "BS" + type);
    }

    /** The text at {@code from}; the caller gives it the width of the field. */
    public NetsLines at(int from, String text) {
        if (from - 1 + text.length() > 128) {
            throw new IllegalArgumentException("'" + text + "' at " + from + " runs past position 128");
        }
        text.getChars(0, text.length(), chars, from - 1);
        return this;
    }

    public NetsLines number(int from, int to, long value) {
        String digits = Long.toString(value);
        int width = to - from + 1;
        if (digits.length() > width) {
            throw new IllegalArgumentException(value + " does not fit " + from + "-" + to);
        }
        return at(from, "0".repeat(width - digits.length()) + digits);
    }

    @Override
    public String toString() {
        return new String(chars);
    }

    // --- the frame ----------------------------------------------------------------------------------------------

    public static String deliveryStart(String type, String deliveryId, String ddmmyy) {
        return record("002").at(6, DATA_SUPPLIER).at(14, "BS1").at(17, type).at(21, deliveryId).at(50, ddmmyy)
                .toString();
    }

    public static String sectionStart(String section) {
        return record("012").at(6, PBS).at(14, section).at(18, "000").at(21, "00001").at(50, "310709").toString();
    }

    public static String sectionEnd(String section, long records042, long netOre) {
        return record("092").at(6, PBS).at(14, section).at(18, "000").at(21, "00001").number(32, 42, records042)
                .number(43, 57, netOre).number(58, 68, 0).number(84, 94, 0).toString();
    }

    public static String deliveryEnd(String type, long sections, long records042, long netOre) {
        return record("992").at(6, DATA_SUPPLIER).at(14, "BS1").at(17, type).number(21, 31, sections)
                .number(32, 42, records042).number(43, 57, netOre).number(58, 68, 0).number(69, 83, 0)
                .number(84, 94, 0).number(95, 128, 0).toString();
    }

    // --- 0602 ---------------------------------------------------------------------------------------------------

    /** Section 0211: §3 "BS042, section 0211". Dates DDMMYY, "000000" for none. */
    public static String automaticPayment(String code, String customer15, String agreement9, String due, char sign,
                                   long amountOre, String reference30, String paid, String booked, long paidOre) {
        return record("042").at(6, PBS).at(14, code).at(18, "000").at(21, "00001").at(26, customer15)
                .at(41, agreement9).at(50, due).at(56, String.valueOf(sign)).number(57, 69, amountOre)
                .at(70, reference30).at(104, paid).at(110, booked).number(116, 128, paidOre).toString();
    }

    /** Section 0215: §3 "BS042, section 0215 (0297/0299)". */
    public static String slipPayment(String code, String customer15, String cardType, long feeOre, String due, long amountOre,
                              String reference9, String archive22, String paid, String booked, long paidOre) {
        return record("042").at(6, PBS).at(14, code).at(18, "000").at(21, "00001").at(26, "0000").at(30, customer15)
                .at(45, cardType).at(47, feeOre == 0 ? "0" : "1").number(48, 52, feeOre).at(53, due).at(59, "1")
                .number(60, 72, amountOre).at(73, reference9).at(82, archive22).at(104, paid).at(110, booked)
                .number(116, 128, paidOre).toString();
    }

    // --- 0603 ---------------------------------------------------------------------------------------------------

    /** §4 "BS042, mandate record (0230-0234)". */
    public static String agreement(String code, String customer15, String agreement9, String date, String endDate) {
        return record("042").at(6, PBS).at(14, code).at(18, "000").at(21, "00001").at(26, customer15)
                .at(41, agreement9).at(50, date).at(56, endDate).toString();
    }

    /** Lines joined with CR LF, each line ending with it, in Windows-1252. */
    public static Path write(Path file, List<String> lines) throws IOException {
        return write(file, lines, "\r\n");
    }

    public static Path write(Path file, List<String> lines, String lineEnd) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append(lineEnd);
        }
        Files.writeString(file, text, RecordLines.WINDOWS_1252);
        return file;
    }
}
