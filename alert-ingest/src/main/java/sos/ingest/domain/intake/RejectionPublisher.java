package sos.ingest.domain.intake;

import java.util.UUID;
import sos.contracts.AlertRejected;

/** Records a refused attempt, best effort: never blocks for long, never throws, never changes the client's answer. */
public interface RejectionPublisher {

    void publish(AlertRejected rejection);

    /**
     * A wrong PIN for the cancel of {@code alertId}: recorded like any rejection, and marked so that other instances
     * (and this one after a restart) count it towards the alert's PIN lockout.
     */
    default void publishPinFailure(AlertRejected rejection, UUID alertId) {
        publish(rejection);
    }
}
