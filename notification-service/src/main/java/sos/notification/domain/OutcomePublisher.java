package sos.notification.domain;

import sos.contracts.NotificationEvent;

/** Records the outcome of a delivery; the Kafka adapter implements it. */
public interface OutcomePublisher {

    /** Returns once the outcome is durably recorded; throws when it could not be. */
    void publish(NotificationEvent outcome);
}
