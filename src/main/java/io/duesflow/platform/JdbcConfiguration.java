package io.duesflow.platform;

import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.AuditorAware;
import org.springframework.data.jdbc.repository.config.EnableJdbcAuditing;
import org.springframework.data.relational.core.mapping.DefaultNamingStrategy;
import org.springframework.data.relational.core.mapping.NamingStrategy;

/** Spring Data JDBC on the application's own schema, with who-and-when recorded on every save. */
@Configuration(proxyBeanMethods = false)
@EnableJdbcAuditing
class JdbcConfiguration {

    static final String SCHEMA = "duesflow";

    @Bean
    NamingStrategy namingStrategy() {
        return new DefaultNamingStrategy() {
            @Override
            public String getSchema() {
                return SCHEMA;
            }

        };
    }

    /** The logged-in user, or {@code system} for work nobody started by hand (timers, imports from the bank). */
    @Bean
    AuditorAware<String> auditor() {
        return () -> Optional.of(CurrentUser.name());
    }
}
