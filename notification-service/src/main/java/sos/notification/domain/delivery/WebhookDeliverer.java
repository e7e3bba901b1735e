package sos.notification.domain.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import sos.contracts.AlertEvent;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.contracts.RequestSignature;
import sos.notification.domain.routing.Recipient;

/**
 * Delivers one event to one recipient as a signed webhook, retrying as the policy says, and tells how it ended. Each
 * attempt is signed afresh, so that a late retry does not carry a stale timestamp.
 */
public final class WebhookDeliverer {

    public static final String DELIVERY_ID_HEADER = "SOS-Delivery-Id";
    public static final String EVENT_TYPE_HEADER = "SOS-Event-Type";

    private final WebhookTransport transport;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final byte[] defaultSecret;

    public WebhookDeliverer(
            WebhookTransport transport, RetryPolicy policy, Sleeper sleeper, Clock clock, byte[] defaultSecret) {
        this.transport = transport;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.defaultSecret = defaultSecret.clone();
    }

    /**
     * @throws DeliveryInterruptedException when the thread is interrupted between or during attempts; nothing is
     *     reported then, so that the event is handled again
     */
    public NotificationEvent deliver(UUID deliveryId, AlertEvent subject, Recipient recipient, String message) {
        byte[] body = WebhookPayload.toJson(deliveryId, recipient.id(), subject, message);
        byte[] secret =
                recipient.secret() == null ? defaultSecret : recipient.secret().getBytes(StandardCharsets.UTF_8);
        int attempt = 0;
        try {
            while (true) {
                attempt++;
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/json");
                headers.put(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, clock.instant(), body));
                headers.put(DELIVERY_ID_HEADER, deliveryId.toString());
                headers.put(EVENT_TYPE_HEADER, subject.eventType());
                RetryDecision decision = policy.decide(attempt, transport.post(recipient.url(), headers, body));
                if (decision instanceof RetryDecision.Delivered delivered) {
                    return new NotificationSent(
                            DeliveryIds.outcomeEventId(deliveryId, "NotificationSent"),
                            clock.instant(),
                            subject.alertId(),
                            subject.eventId(),
                            subject.eventType(),
                            recipient.id(),
                            recipient.channel(),
                            attempt,
                            delivered.statusCode());
                }
                if (decision instanceof RetryDecision.GiveUp giveUp) {
                    return new NotificationFailed(
                            DeliveryIds.outcomeEventId(deliveryId, "NotificationFailed"),
                            clock.instant(),
                            subject.alertId(),
                            subject.eventId(),
                            subject.eventType(),
                            recipient.id(),
                            recipient.channel(),
                            attempt,
                            giveUp.reason());
                }
                sleeper.sleep(((RetryDecision.RetryAfter) decision).delay());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryInterruptedException(recipient.id(), attempt);
        }
    }

    /** Delivery stopped because the thread was interrupted, e.g. because the service is stopping. */
    public static final class DeliveryInterruptedException extends RuntimeException {

        DeliveryInterruptedException(String recipientId, int attempt) {
            super("delivery to " + recipientId + " interrupted at attempt " + attempt);
        }
    }
}
