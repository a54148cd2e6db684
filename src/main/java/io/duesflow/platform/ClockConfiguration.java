package io.duesflow.platform;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Domain code asks this clock for today, so tests can move the calendar. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    Clock clock(TimeProperties time) {
        return Clock.system(time.zone());
    }

    /** @param zone the association's time zone: due dates and timer days are calendar days there */
    @ConfigurationProperties("duesflow.time")
    record TimeProperties(@DefaultValue("Europe/Copenhagen") ZoneId zone) {
    }
}
