package io.duesflow.members;

import java.time.ZoneId;

import io.duesflow.platform.BusinessClock;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sets the house's clock to the association's time zone before anything asks it for today. A new association (never
 * changed since the migration made it) takes the configured zone ({@code DUESFLOW_TIME_ZONE}); after that its own
 * setting decides.
 */
@Component
class AssociationTimeZone implements SmartInitializingSingleton {

    private final JdbcClient jdbc;
    private final BusinessClock clock;

    AssociationTimeZone(JdbcClient jdbc, BusinessClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        jdbc.sql("update duesflow.association set time_zone = :zone where id = 1 and version = 0 and created_by = 'system'")
                .param("zone", clock.getZone().getId()).update();
        String zone = jdbc.sql("select time_zone from duesflow.association where id = 1").query(String.class).single();
        clock.useZone(ZoneId.of(zone));
    }
}
