package io.duesflow.cycle;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingLineInput;
import io.duesflow.billing.BillingRules;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import io.duesflow.members.SepaSettings;
import org.iban4j.CountryCode;
import org.iban4j.Iban;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Example data for a first look ({@code DUESFLOW_EXAMPLE_DATA=true}): a rowing club with about 200 members in groups,
 * half of them on SEPA direct debit with mandates, the Danish manual's example lines (dues by group — senior and
 * youth — and ball money), and the monthly cycle started, so a newcomer's first start shows a run waiting for
 * approval in Tasklist: its run is generated at once, whatever the day. Loaded only into an empty register; never in
 * production data.
 */
@Component
class ExampleData {

    private static final Logger log = LoggerFactory.getLogger(ExampleData.class);
    private static final String[] FIRST = {"Anna", "Bo", "Clara", "Daan", "Emma", "Finn", "Greta", "Hugo", "Ida", "Jens",
            "Kirsten", "Lars", "Mette", "Niels", "Olga", "Pieter", "Rasmus", "Sanne", "Tobias", "Ulla", "Vera", "Willem"};
    private static final String[] LAST = {"Andersen", "de Vries", "Hansen", "Jansen", "Nielsen", "Bakker", "Pedersen",
            "Visser", "Christensen", "Smit", "Larsen", "Meijer", "Sørensen", "Mulder", "Rasmussen", "de Boer"};

    private final MemberRegister register;
    private final BillingRules rules;
    private final CycleCatchUp catchUp;
    private final Clock clock;
    private final boolean enabled;

    ExampleData(MemberRegister register, BillingRules rules, CycleCatchUp catchUp, Clock clock,
                @Value("${duesflow.example-data:false}") boolean enabled) {
        this.register = register;
        this.rules = rules;
        this.catchUp = catchUp;
        this.clock = clock;
        this.enabled = enabled;
    }

    @Order(1)
    @EventListener(ApplicationReadyEvent.class)
    void loadIfAsked() {
        if (!enabled) {
            return;
        }
        if (register.memberCount() > 0) {
            log.info("Example data asked for, but the register has members already: nothing loaded");
            return;
        }
        load();
        catchUp.startIfMissed(true);
    }

    void load() {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), "Roeivereniging De Sont", "penningmeester@desont.example",
                new PostalAddress("Havnevej", "4", "3000", "Helsingør", "DK"), "EUR", a.timeZone(), "da,nl,en",
                "NL91ABNA0417164300", "ABNANL2A", "DE98ZZZ09999999999", a.betalingsserviceCreditor(),
                a.fiCreditorNumber(), CollectionMethod.SEPA_DIRECT_DEBIT, new BigDecimal("5.00"), a.receivablesAccount(),
                a.incomeAccount(), a.feeAccount(), a.bankAccount(), SepaSettings.DEFAULTS, a.createdAt(), a.createdBy(),
                a.updatedAt(), a.updatedBy()));
        // The ledger's default chart: dues to 3000 (the association's income account), ball money as an activity to 3100.
        register.createGroup("Senior", new BigDecimal("40.00"), null);
        register.createGroup("Youth", new BigDecimal("20.00"), null);
        register.createGroup("Ball money", null, "3100");
        Random random = new Random(42);
        LocalDate today = LocalDate.now(clock);
        for (int i = 0; i < 200; i++) {
            String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
            boolean young = i % 4 == 0;
            LocalDate birth = today.minusYears(young ? 10 + random.nextInt(7) : 20 + random.nextInt(55))
                    .minusDays(random.nextInt(365));
            List<String> groups = new ArrayList<>(List.of(young ? "Youth" : "Senior"));
            if (i % 3 == 0) {
                groups.add("Ball money");
            }
            CollectionMethod method = i % 2 == 0 ? CollectionMethod.SEPA_DIRECT_DEBIT : CollectionMethod.INVOICE;
            String language = switch (i % 3) {
                case 0 -> "da";
                case 1 -> "nl";
                default -> "en";
            };
            String email = i % 17 == 5 ? null : "member" + (i + 1) + "@desont.example";
            long number = register.register(null, new MemberInput(name, email,
                    new PostalAddress("Strandvejen", String.valueOf(1 + i), "3000", "Helsingør", "DK"), null, birth,
                    today.minusYears(1 + random.nextInt(10)), null, language, method, null, groups, null)).memberNumber();
            // Four of those on direct debit have no mandate yet: the approval form flags them, and they are invoiced.
            if (method == CollectionMethod.SEPA_DIRECT_DEBIT && i % 50 != 0) {
                String iban = new Iban.Builder().countryCode(CountryCode.NL).bankCode("ABNA")
                        .accountNumber(String.format("%010d", 1_000_000L + i * 7919L)).build().toString();
                register.addSepaMandate(number, "DESONT-" + number, iban, null, today.minusYears(1));
            }
        }
        LocalDate firstDue = today.plusMonths(1).withDayOfMonth(1);
        rules.create(new BillingLineInput("Kontingent", 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY,
                firstDue, "Kontingent", null, true, BillingLine.Who.GROUPS, List.of("Senior", "Youth"), null, null, null,
                BillingLine.PriceKind.GROUPS, null, null, null, null, null));
        rules.create(new BillingLineInput("Boldpenge", 20, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY,
                firstDue, "Boldpenge", "3100", true, BillingLine.Who.GROUPS, List.of("Ball money"), null, null, null,
                BillingLine.PriceKind.FIXED, new BigDecimal("7.50"), null, null, null, null));
        log.info("Example data loaded: a rowing club with 200 members and two monthly lines first due {}", firstDue);
    }
}
