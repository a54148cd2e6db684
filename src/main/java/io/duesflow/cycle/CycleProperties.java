package io.duesflow.cycle;

import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the monthly cycle moves, and the approval's rules.
 *
 * @param draftDay    the day of the month the draft of next month's charges is mailed to the association
 * @param generateDay the day of the month next month's run is created and generated
 * @param at          the time of day (the association's) both happen
 * @param fourEyes    the treasurer who created or regenerated a run may not approve it
 * @param publicUrl   where people reach duesflow, for the links in notices and forms
 * @param flagLimit   how many flagged members of each kind the approval form lists (the rest are counted)
 * @param catchUp     at start-up, start next month's cycle if its draft day has passed and it has not started (the
 *                    application was down on the day)
 */
@ConfigurationProperties("duesflow.cycle")
record CycleProperties(@DefaultValue("1") int draftDay, @DefaultValue("12") int generateDay,
                       @DefaultValue("06:00") LocalTime at, @DefaultValue("false") boolean fourEyes,
                       @DefaultValue("http://localhost:8080") String publicUrl, @DefaultValue("25") int flagLimit,
                       @DefaultValue("true") boolean catchUp) {

    CycleProperties {
        if (draftDay < 1 || draftDay > 28 || generateDay < 1 || generateDay > 28 || generateDay < draftDay) {
            throw new IllegalArgumentException("The cycle's days must be between 1 and 28, the draft not after the "
                    + "generation (DUESFLOW_CYCLE_DRAFT_DAY=" + draftDay + ", DUESFLOW_CYCLE_GENERATE_DAY=" + generateDay + ")");
        }
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** Quartz-style cron of the day's start timer: seconds, minutes, hours, day of month, month, day of week. */
    String draftCron() {
        return "0 " + at.getMinute() + " " + at.getHour() + " " + draftDay + " * ?";
    }

    String tasklist() {
        return publicUrl + "/camunda/app/tasklist/default/";
    }
}
