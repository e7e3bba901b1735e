package sos.notification.domain;

import java.util.concurrent.CompletableFuture;
import sos.contracts.NotificationFailed;
import sos.notification.domain.delivery.DeliveryJob;

/**
 * Where deliveries wait for their next attempt, off the partition of the event they deliver; the Kafka adapter puts
 * them on the service's retry topic and its given-up deliveries on the delivery dead-letter topic.
 */
public interface DeliveryJobs {

    /** Hands over a delivery whose next attempt is due at {@code job.notBefore()}; completes once it is safe. */
    CompletableFuture<Void> retryLater(DeliveryJob job);

    /** Records a delivery given up after its last attempt; completes once it is safe. */
    CompletableFuture<Void> deadLetter(DeliveryJob job, NotificationFailed outcome);
}
