package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The cycle's days as an operator sets them ({@code DUESFLOW_CYCLE_DRAFT_DAY}, {@code DUESFLOW_CYCLE_GENERATE_DAY}),
 * read through application.yml at start-up: a day no month has, or a generation before the draft, stops the start
 * with one paragraph naming the settings and their values. Started with the cycle's settings alone, so a refused
 * start leaves nothing behind for the tests that follow.
 */
@ExtendWith(OutputCaptureExtension.class)
class CycleSettingsTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CycleProperties.class)
    static class TheCycleSettingsAlone {
    }

    @Test
    void aDraftDayNotEveryMonthHasStopsTheStartNamingTheSetting(CapturedOutput output) {
        assertThatThrownBy(() -> start("--DUESFLOW_CYCLE_DRAFT_DAY=31")).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The cycle's days must be between 1 and 28, the draft not after the generation "
                        + "(DUESFLOW_CYCLE_DRAFT_DAY=31, DUESFLOW_CYCLE_GENERATE_DAY=12)");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START", "duesflow.cycle",
                "DUESFLOW_CYCLE_DRAFT_DAY=31");
    }

    @Test
    void aGenerationDayBeforeTheDraftDayOrNoDayAtAllStopsTheStart(CapturedOutput output) {
        assertThatThrownBy(() -> start("--DUESFLOW_CYCLE_DRAFT_DAY=15", "--DUESFLOW_CYCLE_GENERATE_DAY=10")).rootCause()
                .hasMessageContaining("(DUESFLOW_CYCLE_DRAFT_DAY=15, DUESFLOW_CYCLE_GENERATE_DAY=10)");
        assertThatThrownBy(() -> start("--DUESFLOW_CYCLE_GENERATE_DAY=0")).rootCause()
                .hasMessageContaining("(DUESFLOW_CYCLE_DRAFT_DAY=1, DUESFLOW_CYCLE_GENERATE_DAY=0)");
        assertThat(output.getOut()).contains("DUESFLOW_CYCLE_GENERATE_DAY=10", "DUESFLOW_CYCLE_GENERATE_DAY=0");
    }

    @Test
    void daysOtherThanTheFirstAndTheTwelfthAreTakenAsGiven() {
        try (ConfigurableApplicationContext context = start("--DUESFLOW_CYCLE_DRAFT_DAY=3",
                "--DUESFLOW_CYCLE_GENERATE_DAY=20", "--DUESFLOW_CYCLE_AT=07:30")) {
            CycleProperties cycle = context.getBean(CycleProperties.class);
            assertThat(cycle.draftDay()).isEqualTo(3);
            assertThat(cycle.generateDay()).isEqualTo(20);
            assertThat(cycle.at()).isEqualTo(LocalTime.of(7, 30));
            assertThat(cycle.draftCron()).as("the start timer: 07:30 on the 3rd").isEqualTo("0 30 7 3 * ?");
        }
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(TheCycleSettingsAlone.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).run(arguments);
    }
}
