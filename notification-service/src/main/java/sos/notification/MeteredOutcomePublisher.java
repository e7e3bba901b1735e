package sos.notification;

import java.util.concurrent.CompletableFuture;
import sos.contracts.NotificationEvent;
import sos.notification.domain.OutcomePublisher;

/** Counts each outcome in {@link NotificationMetrics} once it is on Kafka. */
final class MeteredOutcomePublisher implements OutcomePublisher {

    private final OutcomePublisher delegate;
    private final NotificationMetrics metrics;

    MeteredOutcomePublisher(OutcomePublisher delegate, NotificationMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public void publish(NotificationEvent outcome) {
        delegate.publish(outcome);
        metrics.recorded(outcome);
    }

    @Override
    public CompletableFuture<Void> publishAsync(NotificationEvent outcome) {
        return delegate.publishAsync(outcome).thenRun(() -> metrics.recorded(outcome));
    }
}
