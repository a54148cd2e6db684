package io.duesflow.ledger;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.duesflow.billing.ChargeCancelled;
import io.duesflow.billing.ChargeCredited;
import io.duesflow.billing.RunApproved;
import io.duesflow.payments.BankFileBooked;
import io.duesflow.payments.CollectionPlaced;
import io.duesflow.payments.CreditMarkedNotDues;
import io.duesflow.payments.MemberCreditAdded;
import io.duesflow.payments.MemberCreditUsed;
import io.duesflow.payments.PaymentRegistered;
import io.duesflow.payments.PaymentUndone;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Every event the ledger books, as it was announced, on whatever thread (a REST call, the bank inbox, a process
 * job): a test takes what a step announced and announces it again, as a retried listener would hear it.
 */
final class Heard implements ApplicationListener<ApplicationEvent>, AutoCloseable {

    static final Set<Class<?>> BOOKED = Set.of(RunApproved.class, ChargeCredited.class, ChargeCancelled.class,
            CollectionPlaced.class, BankFileBooked.class, PaymentRegistered.class, MemberCreditAdded.class,
            MemberCreditUsed.class, PaymentUndone.class, CreditMarkedNotDues.class);

    private final ConfigurableApplicationContext context;
    private final List<Object> events = new CopyOnWriteArrayList<>();

    Heard(ConfigurableApplicationContext context) {
        this.context = context;
        context.addApplicationListener(this);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof PayloadApplicationEvent<?> payload && BOOKED.contains(payload.getPayload().getClass())) {
            events.add(payload.getPayload());
        }
    }

    /** What was heard since the last call, in order; forgotten here. */
    List<Object> taken() {
        List<Object> taken = List.copyOf(events);
        events.removeAll(taken);
        return taken;
    }

    @Override
    public void close() {
        context.removeApplicationListener(this);
    }
}
