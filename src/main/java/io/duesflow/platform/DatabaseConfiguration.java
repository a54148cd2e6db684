package io.duesflow.platform;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * With no database URL configured, duesflow runs its own PostgreSQL under {@code ./data/postgres};
 * with one, it checks the server answers before anything else touches it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(NoDatabaseConfigured.class)
    EmbeddedPostgresServer embeddedPostgresServer(EmbeddedDatabaseProperties properties) {
        return EmbeddedPostgresServer.acquire(properties.dataDir(), properties.cleanStart());
    }

    @Bean
    @Conditional(NoDatabaseConfigured.class)
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresServer server) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl());
        dataSource.setUsername("postgres");
        dataSource.setPoolName("duesflow-embedded");
        return dataSource;
    }

    /** Runs before any bean exists, so a URL for another database is named before a driver is looked for. */
    @Bean
    static BeanFactoryPostProcessor databaseUrlCheck(Environment environment) {
        return beanFactory -> {
            String url = environment.getProperty("spring.datasource.url");
            if (StringUtils.hasText(url)) {
                DatabaseReachability.checkUrl(url);
            }
        };
    }

    @Bean
    static BeanPostProcessor databaseReachableCheck() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari && !"duesflow-embedded".equals(hikari.getPoolName())) {
                    DatabaseReachability.check(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
                }
                return bean;
            }
        };
    }

    static final class NoDatabaseConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
