package io.duesflow.members;

import java.util.List;

/** The columns of the member CSV, in export order; extra fields follow under their names. */
final class MemberCsvColumns {

    static final String MEMBER_NUMBER = "member_number";
    static final String NAME = "name";
    static final String EMAIL = "email";
    static final String STREET = "street";
    static final String BUILDING_NUMBER = "building_number";
    static final String POSTCODE = "postcode";
    static final String TOWN = "town";
    static final String COUNTRY = "country";
    static final String PHONE = "phone";
    static final String BIRTH_DATE = "birth_date";
    static final String JOIN_DATE = "join_date";
    static final String LEAVE_DATE = "leave_date";
    static final String LANGUAGE = "language";
    static final String COLLECTION_METHOD = "collection_method";
    static final String GROUPS = "groups";
    static final String MANDATE_ID = "sepa_mandate_id";
    static final String IBAN = "iban";
    static final String BIC = "bic";
    static final String MANDATE_SIGNED_ON = "mandate_signed_on";
    static final String AGREEMENT = "betalingsservice_agreement";

    static final List<String> STANDARD = List.of(MEMBER_NUMBER, NAME, EMAIL, STREET, BUILDING_NUMBER, POSTCODE, TOWN,
            COUNTRY, PHONE, BIRTH_DATE, JOIN_DATE, LEAVE_DATE, LANGUAGE, COLLECTION_METHOD, GROUPS, MANDATE_ID, IBAN, BIC,
            MANDATE_SIGNED_ON, AGREEMENT);

    /** Member columns that an import writes straight into the member table when the file has them. */
    static final List<String> MEMBER_TABLE = List.of(NAME, EMAIL, STREET, BUILDING_NUMBER, POSTCODE, TOWN, COUNTRY, PHONE,
            BIRTH_DATE, JOIN_DATE, LEAVE_DATE, LANGUAGE, COLLECTION_METHOD);

    /** The four a member always has: an empty cell leaves them as they are instead of clearing them. */
    static final List<String> KEPT_WHEN_EMPTY = List.of(NAME, JOIN_DATE, LANGUAGE, COLLECTION_METHOD);

    private MemberCsvColumns() {
    }
}
