package sos.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.notification.domain.OutcomePublisher;
import sos.notification.domain.delivery.DeliveryIds;

/**
 * Writes each delivery outcome to {@code sos.notifications}, keyed by alert id, without waiting: each send completes
 * when the broker acknowledged it. A {@code NotificationSent} carries its delivery id in the header {@value
 * #DELIVERY_ID_HEADER}, so that the delivery ledger need not parse the outcomes it knows already.
 */
final class KafkaOutcomePublisher implements OutcomePublisher {

    static final String DELIVERY_ID_HEADER = "SOS-Delivery-Id";

    private static final Logger log = LoggerFactory.getLogger(KafkaOutcomePublisher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, SosEvent> template;

    KafkaOutcomePublisher(KafkaTemplate<String, SosEvent> template) {
        this.template = template;
    }

    @Override
    public void publish(NotificationEvent outcome) {
        try {
            publishAsync(outcome).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + outcome.eventType(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw notRecorded(outcome, e);
        }
    }

    /** Sends at once; the result completes when the broker acknowledged it (acks=all). */
    @Override
    public CompletableFuture<Void> publishAsync(NotificationEvent outcome) {
        ProducerRecord<String, SosEvent> record =
                new ProducerRecord<>(Topics.NOTIFICATIONS.name(), outcome.key(), outcome);
        if (outcome instanceof NotificationSent sent) {
            UUID deliveryId = DeliveryIds.deliveryId(sent.subjectEventId(), sent.recipientId(), sent.channel());
            record.headers().add(DELIVERY_ID_HEADER, deliveryId.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return template.send(record)
                .orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, failure) -> {
                    if (failure != null) {
                        throw notRecorded(outcome, failure);
                    }
                    logged(outcome);
                    return null;
                });
    }

    private static IllegalStateException notRecorded(NotificationEvent outcome, Throwable cause) {
        return new IllegalStateException(
                "could not record " + outcome.eventType() + " for " + outcome.recipientId() + " on "
                        + Topics.NOTIFICATIONS.name(),
                cause);
    }

    private static void logged(NotificationEvent outcome) {
        if (outcome instanceof NotificationFailed failed && failed.isFinal()) {
            log.warn(
                    "{} {} NOT delivered to {} after {} attempt(s): {}",
                    failed.subjectEventType(),
                    failed.subjectEventId(),
                    failed.recipientId(),
                    failed.attempts(),
                    failed.reason());
        } else if (outcome instanceof NotificationFailed failed) {
            log.info(
                    "{} {} to {}: attempt {} on {} failed ({}), another follows",
                    failed.subjectEventType(),
                    failed.subjectEventId(),
                    failed.recipientId(),
                    failed.attempts(),
                    failed.channel(),
                    failed.reason());
        } else if (outcome instanceof NotificationSent sent) {
            log.info(
                    "{} {} delivered to {} by {} ({} attempt(s), HTTP {})",
                    sent.subjectEventType(),
                    sent.subjectEventId(),
                    sent.recipientId(),
                    sent.channel(),
                    sent.attempts(),
                    sent.statusCode());
        }
    }
}
