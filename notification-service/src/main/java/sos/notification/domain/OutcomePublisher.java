package sos.notification.domain;

import java.util.concurrent.CompletableFuture;
import sos.contracts.NotificationEvent;

/** Records the outcome of a delivery; the Kafka adapter implements it. */
public interface OutcomePublisher {

    /** Returns once the outcome is durably recorded; throws when it could not be. */
    void publish(NotificationEvent outcome);

    /**
     * Starts recording the outcome and returns at once; the result completes once it is durably recorded, or
     * exceptionally when it could not be. By default, records it before returning.
     */
    default CompletableFuture<Void> publishAsync(NotificationEvent outcome) {
        try {
            publish(outcome);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
