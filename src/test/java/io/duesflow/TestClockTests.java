package io.duesflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

/** The two tests run in this order: the second is the next test after one that moved the clock. */
@ApplicationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestClockTests {

    static final LocalDate START = LocalDate.of(2026, 12, 1);
    static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    @Autowired
    TestClock clock;

    @Test
    @Order(1)
    void aTestMovesTheCalendarAndCamundasClockWithIt() {
        assertThat(clock.today()).isEqualTo(START);

        clock.moveTo(LocalDate.of(2027, 2, 28));
        clock.advance(Period.ofDays(1));

        assertThat(clock.today()).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(LocalDate.ofInstant(ClockUtil.now().toInstant(), COPENHAGEN)).isEqualTo(LocalDate.of(2027, 3, 1));
    }

    @Test
    @Order(2)
    void theNextTestStartsOnTheStartDayAgain() {
        assertThat(clock.today()).isEqualTo(START);
        assertThat(LocalDate.ofInstant(ClockUtil.now().toInstant(), COPENHAGEN)).isEqualTo(START);
    }
}
