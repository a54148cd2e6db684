package io.duesflow.billing;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generation's step size as an operator sets it: {@code DUESFLOW_BILLING_CHUNK_SIZE} through the application's
 * own {@code application.yml}, 1000 when unset, and a size no step can have refused at start-up, naming the variable.
 */
class BillingPropertiesTests {

    @Configuration
    @EnableConfigurationProperties(BillingProperties.class)
    static class Settings {
    }

    private static ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return new ApplicationContextRunner().withUserConfiguration(Settings.class).withInitializer(context -> {
            try {
                var sources = context.getEnvironment().getPropertySources();
                new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                        .forEach(sources::addLast);
                sources.addFirst(new MapPropertySource("environment", variables));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aStepBillsAThousandMembersUnlessTheOperatorSetsAnotherSize() {
        withEnvironment(Map.of()).run(context ->
                assertThat(context.getBean(BillingProperties.class).chunkSize()).isEqualTo(1000));
        withEnvironment(Map.of("DUESFLOW_BILLING_CHUNK_SIZE", "250")).run(context ->
                assertThat(context.getBean(BillingProperties.class).chunkSize()).isEqualTo(250));
    }

    @Test
    void aSizeNoStepCanHaveIsRefusedAtStartNamingTheVariable() {
        for (String size : new String[] {"0", "100001"}) {
            withEnvironment(Map.of("DUESFLOW_BILLING_CHUNK_SIZE", size)).run(context ->
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("DUESFLOW_BILLING_CHUNK_SIZE=" + size)
                            .hasMessageContaining("from 1 to 100000 members"));
        }
    }
}
