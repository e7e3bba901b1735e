package sos.notification;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sos.notification.*}; every value has an environment variable and a local default in application.yml.
 *
 * @param routingFile the routing file: {@code classpath:...}, {@code file:...} or a file-system path
 * @param webhookSecret signs every webhook unless the recipient has its own secret; never logged
 * @param maxAttempts attempts per recipient before a delivery is reported failed
 * @param deliveryThreads how many deliveries run at once
 * @param alertCacheSize how many recent alerts are kept to route their assignments
 * @param dedupeCacheSize how many completed deliveries are remembered to skip redelivered events
 * @param ledgerLookback how far back the outcome events are read at start, so that no completed delivery is repeated
 * @param firstAttemptBudget how long a record waits for a delivery's first attempt before handing it to the retry
 *     topic (due after the request time-out and the first back-off), so that a recipient that does not answer holds up
 *     no later record
 */
@Validated
@ConfigurationProperties("sos.notification")
record NotificationProperties(
        @NotBlank String routingFile,
        @NotBlank String webhookSecret,
        @Min(1) int maxAttempts,
        @NotNull Duration connectTimeout,
        @NotNull Duration requestTimeout,
        @NotNull Duration initialBackoff,
        @NotNull Duration maxBackoff,
        @Min(1) int deliveryThreads,
        @Min(1) int alertCacheSize,
        @Min(1) int dedupeCacheSize,
        @NotNull Duration ledgerLookback,
        @NotNull Duration firstAttemptBudget) {

    /** Without the secret, so that the properties can be logged. */
    @Override
    public String toString() {
        return "NotificationProperties[routingFile=" + routingFile + ", maxAttempts=" + maxAttempts
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", initialBackoff="
                + initialBackoff + ", maxBackoff=" + maxBackoff + ", deliveryThreads=" + deliveryThreads
                + ", alertCacheSize=" + alertCacheSize + ", dedupeCacheSize=" + dedupeCacheSize + ", ledgerLookback="
                + ledgerLookback + ", firstAttemptBudget=" + firstAttemptBudget + "]";
    }
}
