package sos.ingest.domain.intake;

import sos.contracts.AlertRejected;

/** Records a refused attempt, best effort: never blocks for long, never throws, never changes the client's answer. */
public interface RejectionPublisher {

    void publish(AlertRejected rejection);
}
