package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;

import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The treasurer's form in Tasklist for a payment by hand: the {@code register-payment} process on the real engine. */
@ApplicationTest
class RegisterPaymentProcessTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    IdentityService identity;
    @Autowired
    MemberRegister register;
    @Autowired
    Charges charges;
    @Autowired
    Payments payments;
    @Autowired
    TestClock clock;

    ChargeView charge;

    @BeforeEach
    void anOpenCharge() {
        AbstractAssertions.init(engine);
        TestUsers.ensure(identity, "vera", Roles.TREASURER);
        PaymentFixtures fixtures = new PaymentFixtures(context);
        long member = fixtures.member("Kontant Betaler", CollectionMethod.MANUAL);
        charge = fixtures.chargeOf(fixtures.approvedRun("80.00", clock.today().plusDays(10), member), member);
    }

    @Test
    void theStartFormWithoutAnAmountRegistersExactlyWhatIsOwedAsTheTreasurer() {
        ProcessInstance process = asVera(() -> runtime.startProcessInstanceByKey("register-payment",
                Map.of("chargeNumber", charge.number(), "paidOn", clock.today().toString(), "note", "cash")));

        assertThat(process).hasPassedInOrder("PaymentReported", "RegisterPayment", "PaymentRegistered").isEnded();
        assertThat(payments.paymentsOf(charge.number())).singleElement().satisfies(payment -> {
            assertThat(payment.amount()).isEqualByComparingTo("80.00");
            assertThat(payment.registeredBy()).isEqualTo("vera");
            assertThat(payment.note()).isEqualTo("cash");
        });
        assertThat(charges.charge(charge.number()).history()).last()
                .satisfies(change -> assertThat(change.by()).isEqualTo("vera"));
    }

    @Test
    void anAmountThatIsNoAmountRefusesTheFormAndRegistersNothing() {
        assertThatThrownBy(() -> asVera(() -> runtime.startProcessInstanceByKey("register-payment",
                Map.of("chargeNumber", charge.number(), "amount", "eighty"))))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("'eighty' is not an amount");

        assertThat(payments.paymentsOf(charge.number())).isEmpty();
    }

    private <T> T asVera(java.util.function.Supplier<T> work) {
        identity.setAuthentication("vera", List.of(Roles.TREASURER));
        try {
            return work.get();
        } finally {
            identity.clearAuthentication();
        }
    }
}
