package sos.notification.domain.delivery;

import java.util.UUID;
import sos.contracts.AlertEvent;
import sos.notification.domain.routing.Recipient;

/** One channel (webhook, SMS, WhatsApp, e-mail): makes one attempt to hand one message to one recipient. */
public interface ChannelSender {

    /**
     * @param deliveryId the idempotency key of the delivery, the same for every attempt and channel; passed on to the
     *     gateway where it has a field for it
     * @return how the attempt went, in HTTP terms: a 2xx is delivered, a 5xx, time-out or I/O error may be retried, a
     *     4xx is final
     */
    AttemptResult attempt(UUID deliveryId, AlertEvent subject, Recipient recipient, String message)
            throws InterruptedException;
}
