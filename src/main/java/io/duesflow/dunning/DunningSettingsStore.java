package io.duesflow.dunning;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The one row of {@code dunning_settings}; a change names the version it was read at. */
@Component
class DunningSettingsStore {

    /** A change: what is null stays as it is; {@code clear…} removes a limit. */
    record Change(BigDecimal maxFee, Boolean clearMaxFee, Integer maxFeeLetters, Boolean clearMaxFeeLetters,
                  Integer minDaysBetween, Boolean clearMinDaysBetween, Integer payDays, Integer firstReminderDays,
                  Integer secondReminderDays, Integer approvalDays, Integer version) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    DunningSettingsStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    DunningSettings settings() {
        return jdbc.sql("""
                        select max_fee, max_fee_letters, min_days_between, pay_days, first_reminder_days,
                               second_reminder_days, approval_days, version, updated_at, updated_by
                        from duesflow.dunning_settings where id = 1""")
                .query((rs, n) -> new DunningSettings(rs.getBigDecimal(1), rs.getObject(2, Integer.class),
                        rs.getObject(3, Integer.class), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                        rs.getInt(8), rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(),
                        rs.getString(10)))
                .single();
    }

    DunningSettings update(Change change) {
        DunningSettings current = settings();
        BigDecimal maxFee = Boolean.TRUE.equals(change.clearMaxFee()) ? null : change.maxFee() == null
                ? current.maxFee() : Money.checked("maxFee", change.maxFee(), false);
        Integer letters = Boolean.TRUE.equals(change.clearMaxFeeLetters()) ? null
                : change.maxFeeLetters() == null ? current.maxFeeLetters() : range("maxFeeLetters", change.maxFeeLetters(), 0, 10);
        Integer between = Boolean.TRUE.equals(change.clearMinDaysBetween()) ? null
                : change.minDaysBetween() == null ? current.minDaysBetween() : range("minDaysBetween", change.minDaysBetween(), 0, 365);
        int changed = jdbc.sql("""
                        update duesflow.dunning_settings set max_fee = :maxFee, max_fee_letters = :letters,
                            min_days_between = :between, pay_days = :payDays, first_reminder_days = :first,
                            second_reminder_days = :second, approval_days = :approval, version = version + 1,
                            updated_at = :now, updated_by = :by
                        where id = 1 and version = :version""")
                .param("maxFee", maxFee).param("letters", letters).param("between", between)
                .param("payDays", change.payDays() == null ? current.payDays() : range("payDays", change.payDays(), 1, 90))
                .param("first", change.firstReminderDays() == null ? current.firstReminderDays()
                        : range("firstReminderDays", change.firstReminderDays(), 0, 365))
                .param("second", change.secondReminderDays() == null ? current.secondReminderDays()
                        : range("secondReminderDays", change.secondReminderDays(), 1, 365))
                .param("approval", change.approvalDays() == null ? current.approvalDays()
                        : range("approvalDays", change.approvalDays(), 1, 60))
                .param("now", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name())
                .param("version", change.version() == null ? current.version() : change.version())
                .update();
        if (changed == 0) {
            throw new Conflict("version", "Someone else changed the dunning settings since you read them (now "
                    + "version " + current.version() + "). Reload them and apply your change again.");
        }
        return settings();
    }

    private static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInput(field, field + " is from " + min + " to " + max + ", not " + value);
        }
        return value;
    }
}
