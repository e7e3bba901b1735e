package sos.ingest.domain.intake;

import sos.contracts.AlertRaised;

/** Stores an accepted alert durably; returns only once the store has acknowledged it. */
public interface AlertPublisher {

    /** @throws PublishFailedException when the store did not acknowledge in time or refused */
    void publish(AlertRaised alert) throws PublishFailedException;
}
