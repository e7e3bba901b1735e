package sos.notification.domain.ack;

import java.util.UUID;

/**
 * How recipients acknowledge: where the pending deliveries are kept, and how the link in each message is made.
 *
 * @param publicBaseUrl the service's address as recipients reach it, e.g. {@code https://notify.sos.example}
 * @param linkSecret signs the links; never logged
 */
public record AckSetup(PendingAcks pending, String publicBaseUrl, byte[] linkSecret) {

    public String link(UUID deliveryId) {
        String base =
                publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        return base + "/api/v1/acks/" + deliveryId + "?token=" + AckCodes.linkToken(linkSecret, deliveryId);
    }

    /** What each message that needs an acknowledgement ends with. */
    public String instructions(UUID deliveryId) {
        return " — to acknowledge, reply ACK " + AckCodes.code(deliveryId) + " or open " + link(deliveryId);
    }

    @Override
    public String toString() {
        return "AckSetup[publicBaseUrl=" + publicBaseUrl + "]";
    }
}
