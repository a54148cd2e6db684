package io.duesflow.platform;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.auditing.DateTimeProvider;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.domain.AuditorAware;
import org.springframework.data.jdbc.repository.config.EnableJdbcAuditing;
import org.springframework.data.relational.core.mapping.DefaultNamingStrategy;
import org.springframework.data.relational.core.mapping.NamingStrategy;

/** Spring Data JDBC on the application's own schema, with who-and-when recorded on every save. */
@Configuration(proxyBeanMethods = false)
@EnableJdbcAuditing(dateTimeProviderRef = "auditingClock")
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

    /** Aggregates hold {@link Money}; the database holds numeric(14, 2). */
    @Bean
    JdbcCustomConversions jdbcCustomConversions() {
        return new JdbcCustomConversions(List.of(new MoneyToNumber(), new NumberToMoney()));
    }

    @WritingConverter
    static final class MoneyToNumber implements Converter<Money, BigDecimal> {
        @Override
        public BigDecimal convert(Money money) {
            return money.amount();
        }
    }

    @ReadingConverter
    static final class NumberToMoney implements Converter<BigDecimal, Money> {
        @Override
        public Money convert(BigDecimal number) {
            return Money.of(number);
        }
    }

    /** When, by the house's clock like every other time (Spring Data's default would read the wall clock). */
    @Bean
    DateTimeProvider auditingClock(Clock clock) {
        return () -> Optional.of(Instant.now(clock));
    }

    /** The logged-in user, or {@code system} for work nobody started by hand (timers, imports from the bank). */
    @Bean
    AuditorAware<String> auditor() {
        return () -> Optional.of(CurrentUser.name());
    }
}
