package sos.ingest.domain.intake;

import sos.contracts.AlertLifecycleEvent;

/**
 * Stores alert events durably, in the order they are sent for the same alert. {@link #send} hands the event over
 * (cheap, may be called under a lock); {@link Receipt#await()} returns once the store has acknowledged it.
 */
public interface AlertPublisher {

    /**
     * @param provenance the request the event answers, stored with it (null when the request had no Idempotency-Key)
     * @throws PublishFailedException when the store refused the event at once
     */
    Receipt send(AlertLifecycleEvent event, Provenance provenance) throws PublishFailedException;

    /** @throws PublishFailedException when the store refused the event at once */
    default Receipt send(AlertLifecycleEvent event) throws PublishFailedException {
        return send(event, null);
    }

    /** The pending acknowledgement of one event. */
    @FunctionalInterface
    interface Receipt {

        /** @throws PublishFailedException when the store did not acknowledge in time or refused */
        void await() throws PublishFailedException;

        /** The one receipt of an event known to be stored (read back from the broker). */
        Receipt CONFIRMED = () -> {};

        static Receipt confirmed() {
            return CONFIRMED;
        }
    }
}
