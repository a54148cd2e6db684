package io.duesflow.ledger;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** What every ledger test starts from: a treasurer with a group of their own ({@link Treasurer}). */
abstract class TreasurerTest {

    @Autowired
    ApplicationContext context;

    Treasurer treasurer;

    @BeforeEach
    void aTreasurerWithAGroupOfTheirOwn() {
        treasurer = new Treasurer(context);
    }
}
