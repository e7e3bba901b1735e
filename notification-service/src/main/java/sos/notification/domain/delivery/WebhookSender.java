package sos.notification.domain.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import sos.contracts.AlertEvent;
import sos.contracts.RequestSignature;
import sos.notification.domain.routing.Recipient;

/** The signed webhook: JSON body, HMAC signature (the ingest API's scheme) signed afresh on every attempt. */
public final class WebhookSender implements ChannelSender {

    private final WebhookTransport transport;
    private final Clock clock;
    private final byte[] defaultSecret;

    public WebhookSender(WebhookTransport transport, Clock clock, byte[] defaultSecret) {
        this.transport = transport;
        this.clock = clock;
        this.defaultSecret = defaultSecret.clone();
    }

    @Override
    public AttemptResult attempt(UUID deliveryId, AlertEvent subject, Recipient recipient, String message)
            throws InterruptedException {
        byte[] body = WebhookPayload.toJson(deliveryId, recipient.id(), subject, message);
        byte[] secret =
                recipient.secret() == null ? defaultSecret : recipient.secret().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, clock.instant(), body));
        headers.put(WebhookDeliverer.DELIVERY_ID_HEADER, deliveryId.toString());
        headers.put(WebhookDeliverer.EVENT_TYPE_HEADER, subject.eventType());
        return transport.post(recipient.url(), headers, body);
    }
}
