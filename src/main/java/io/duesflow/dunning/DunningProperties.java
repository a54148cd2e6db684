package io.duesflow.dunning;

import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When reminder rounds start and what their forms show.
 *
 * @param at        the time of day (the association's) a round starts on its reminder date: the cycle's time
 * @param publicUrl where people reach duesflow, for the link in the association's notice
 * @param listLimit how many reminders and skipped charges the approval form lists (the rest are counted)
 */
@ConfigurationProperties("duesflow.dunning")
record DunningProperties(@DefaultValue("06:00") LocalTime at,
                         @DefaultValue("http://localhost:8080") String publicUrl,
                         @DefaultValue("50") int listLimit) {

    DunningProperties {
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    String tasklist() {
        return publicUrl + "/camunda/app/tasklist/default/";
    }
}
