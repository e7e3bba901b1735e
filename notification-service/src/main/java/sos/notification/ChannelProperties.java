package sos.notification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code sos.notification.channels.*}: the gateways behind SMS, WhatsApp and e-mail, and the circuit breakers. */
@Validated
@ConfigurationProperties("sos.notification.channels")
record ChannelProperties(
        @Valid @NotNull Sms sms,
        @Valid @NotNull WhatsApp whatsapp,
        @Valid @NotNull Email email,
        @Valid @NotNull Breaker breaker) {

    /** @param authValue never logged */
    record Sms(
            @NotNull URI url,
            String authHeader,
            String authValue,
            @NotBlank String contentType,
            @NotBlank String bodyTemplate,
            String from,
            @Min(1) int maxSegments) {

        @Override
        public String toString() {
            return "Sms[url=" + url + ", authHeader=" + authHeader + ", contentType=" + contentType + "]";
        }
    }

    /** @param accessToken never logged */
    record WhatsApp(@NotNull URI baseUrl, @NotBlank String phoneNumberId, String accessToken, String templateName) {

        @Override
        public String toString() {
            return "WhatsApp[baseUrl=" + baseUrl + ", phoneNumberId=" + phoneNumberId + "]";
        }
    }

    record Email(@NotBlank String from) {}

    record Breaker(@Min(1) int failureThreshold, @NotNull Duration openFor) {}
}
