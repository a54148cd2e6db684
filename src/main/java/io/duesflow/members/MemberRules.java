package io.duesflow.members;

import java.util.regex.Pattern;

/** Shapes of member data, compiled once: the CSV import checks them on every one of 100 000 rows. */
final class MemberRules {

    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    static final Pattern AGREEMENT_NUMBER = Pattern.compile("[0-9]{1,15}");
    static final Pattern MEMBER_NUMBER = Pattern.compile("[0-9]{1,18}");
    static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private MemberRules() {
    }
}
