package io.duesflow.payments;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Every poll interval: place recorded direct-debit files nobody placed, and try again the collections that are
 * due. Every node polls; the runs' locks and {@code for update skip locked} let only one place a file.
 */
@Component
class BankFilePlacerRoute extends RouteBuilder {

    private final DirectDebitCollections collections;
    private final OpenCollections openCollections;
    private final CollectionProperties properties;

    BankFilePlacerRoute(DirectDebitCollections collections, OpenCollections openCollections,
                        CollectionProperties properties) {
        this.collections = collections;
        this.openCollections = openCollections;
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("timer:bank-file-placer?delay=" + properties.pollInterval().toMillis()
                + "&period=" + properties.pollInterval().toMillis())
                .routeId("bank-file-placer")
                .autoStartup(properties.pollEnabled())
                .process(exchange -> collections.pollDue())
                .process(exchange -> openCollections.placeNeverPlaced());
    }
}
