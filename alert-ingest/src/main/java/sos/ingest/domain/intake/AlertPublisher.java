package sos.ingest.domain.intake;

import sos.contracts.AlertLifecycleEvent;

/**
 * Stores alert events durably, in the order they are sent for the same alert. {@link #send} hands the event over
 * (cheap, may be called under a lock); {@link Receipt#await()} returns once the store has acknowledged it.
 */
public interface AlertPublisher {

    /** @throws PublishFailedException when the store refused the event at once */
    Receipt send(AlertLifecycleEvent event) throws PublishFailedException;

    /** The pending acknowledgement of one event. */
    @FunctionalInterface
    interface Receipt {

        /** @throws PublishFailedException when the store did not acknowledge in time or refused */
        void await() throws PublishFailedException;

        static Receipt confirmed() {
            return () -> {};
        }
    }
}
