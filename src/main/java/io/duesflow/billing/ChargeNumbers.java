package io.duesflow.billing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Charge numbers, gap-free per year ({@code 2027-00042}). The year's row stays locked until the caller's
 * transaction ends, so two nodes taking numbers at once take them one after the other, and a rolled-back
 * approval gives its numbers back.
 */
@Component
class ChargeNumbers {

    private final JdbcClient jdbc;

    ChargeNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run inside a transaction. */
    List<String> take(int year, int count) {
        jdbc.sql("insert into duesflow.charge_number (year, last_number) values (:year, 0) on conflict do nothing")
                .param("year", year).update();
        int last = jdbc.sql("select last_number from duesflow.charge_number where year = :year for update")
                .param("year", year).query(Integer.class).single();
        List<String> numbers = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            numbers.add(year + "-" + String.format("%05d", last + i));
        }
        jdbc.sql("update duesflow.charge_number set last_number = :last where year = :year")
                .param("last", last + count).param("year", year).update();
        return numbers;
    }
}
