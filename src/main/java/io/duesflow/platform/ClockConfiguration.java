package io.duesflow.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Domain code asks this clock for today, so tests can move the calendar. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    BusinessClock clock(TimeProperties time) {
        return new BusinessClock(time.zone(), time.start());
    }

    /**
     * @param zone  the time zone until the association's settings are read (and of a new association)
     * @param start tests only: the instant the clock starts at, which makes it movable
     */
    @ConfigurationProperties("duesflow.time")
    record TimeProperties(@DefaultValue("Europe/Copenhagen") ZoneId zone, Instant start) {
    }
}
