package io.duesflow.billing;

/**
 * What another room knows about a charge (its mails, its collection), shown on the charge's page under
 * {@link #name()}. Rooms above billing implement this, so billing shows their facts without depending on them.
 */
public interface ChargeFacts {

    /** The heading on the charge's page, e.g. {@code mails}. */
    String name();

    /** The facts about one charge, as JSON-ready records; an empty list when there are none. */
    Object about(long chargeId);
}
