package io.duesflow.dunning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.billing.ChargeFacts;
import org.springframework.stereotype.Component;

/** A charge's page shows, under {@code reminders}, every round that looked at it and what became of it there. */
@Component
class ReminderFacts implements ChargeFacts {

    private final ReminderRounds rounds;

    ReminderFacts(ReminderRounds rounds) {
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return "reminders";
    }

    @Override
    public Object about(long chargeId) {
        List<Map<String, Object>> facts = rounds.historyOfCharge(chargeId).stream().map(row -> {
            Map<String, Object> fact = new LinkedHashMap<>();
            fact.put("round", row[0]);
            fact.put("kind", row[1]);
            fact.put("scheduledRound", row[2]);
            fact.put("roundState", row[3]);
            fact.put("level", row[4]);
            fact.put("outcome", row[5]);
            fact.put("reason", row[6]);
            fact.put("fee", row[7]);
            fact.put("collectedAt", row[8]);
            fact.put("decidedBy", row[9]);
            fact.put("sentAt", row[10]);
            return fact;
        }).toList();
        return facts;
    }
}
