package sos.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/**
 * An attempt to deliver a message to a recipient failed; when {@link #finalAttempt} is true (or null), it was the last
 * one and the message is not delivered.
 *
 * <p>notification-service writes one per failed attempt: {@code attempts} is then the number of that attempt (from 1,
 * counted over every channel of the delivery), {@code channel} the channel it was made on and {@code reason} its
 * failure. The last one ({@code finalAttempt = true}) names the recipient's primary channel and gives every channel's
 * reason. A delivery that succeeds after failed attempts ends with a {@link NotificationSent}.
 *
 * @param reason the failure, in words (status code or I/O error); never contains secrets
 * @param finalAttempt false when another attempt follows (after a back-off, or on the secondary channel); true when
 *     the delivery is given up (dead-lettered); null when the writer predates the field (it wrote final failures only)
 */
public record NotificationFailed(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        UUID subjectEventId,
        String subjectEventType,
        String recipientId,
        String channel,
        int attempts,
        String reason,
        Boolean finalAttempt)
        implements NotificationEvent {

    /** A final failure, as written before attempts were recorded one by one. */
    public NotificationFailed(
            UUID eventId,
            Instant occurredAt,
            UUID alertId,
            UUID subjectEventId,
            String subjectEventType,
            String recipientId,
            String channel,
            int attempts,
            String reason) {
        this(
                eventId,
                occurredAt,
                alertId,
                subjectEventId,
                subjectEventType,
                recipientId,
                channel,
                attempts,
                reason,
                null);
    }

    /** True when the delivery was given up: this was the last attempt (null, from an older writer, counts as true). */
    @JsonIgnore
    public boolean isFinal() {
        return finalAttempt == null || finalAttempt;
    }
}
