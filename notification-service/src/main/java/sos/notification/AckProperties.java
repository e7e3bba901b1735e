package sos.notification;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sos.notification.ack.*}: acknowledgements.
 *
 * @param publicBaseUrl the service's address as recipients reach it, for the links in messages
 * @param linkSecret signs the acknowledgement links; never logged
 * @param smsInboundToken the Bearer token the SMS gateway presents when it forwards a reply; never logged
 * @param maxPending how many delivered messages waiting for an acknowledgement are kept
 */
@Validated
@ConfigurationProperties("sos.notification.ack")
record AckProperties(
        @NotBlank String publicBaseUrl,
        @NotBlank String linkSecret,
        @NotBlank String smsInboundToken,
        @Min(1) int maxPending) {

    @Override
    public String toString() {
        return "AckProperties[publicBaseUrl=" + publicBaseUrl + ", maxPending=" + maxPending + "]";
    }
}
