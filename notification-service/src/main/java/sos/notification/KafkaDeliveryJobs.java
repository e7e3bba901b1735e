package sos.notification;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import sos.contracts.EventJson;
import sos.contracts.NotificationFailed;
import sos.notification.domain.DeliveryJobs;
import sos.notification.domain.delivery.DeliveryJob;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts a delivery's next attempt on the retry topic and a given-up delivery on the delivery dead-letter topic, keyed by
 * delivery id (so that the retries of one alert's recipients do not wait for each other); each future completes when the broker has the record (acks=all).
 */
final class KafkaDeliveryJobs implements DeliveryJobs {

    private static final Logger log = LoggerFactory.getLogger(KafkaDeliveryJobs.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, Object> template;
    private final String retryTopic;
    private final String deadLetterTopic;

    KafkaDeliveryJobs(KafkaTemplate<String, Object> template, String retryTopic, String deadLetterTopic) {
        this.template = template;
        this.retryTopic = retryTopic;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public CompletableFuture<Void> retryLater(DeliveryJob job) {
        return send(retryTopic, job, DeliveryJobJson.toBytes(job));
    }

    @Override
    public CompletableFuture<Void> deadLetter(DeliveryJob job, NotificationFailed outcome) {
        ObjectNode letter = DeliveryJobJson.toNode(job);
        letter.set("outcome", EventJson.mapper().readTree(EventJson.toBytes(outcome)));
        log.warn(
                "Dead-lettering delivery {} to {} after {} attempt(s) to {}",
                job.deliveryId(),
                job.recipientId(),
                outcome.attempts(),
                deadLetterTopic);
        return send(deadLetterTopic, job, EventJson.mapper().writeValueAsBytes(letter));
    }

    private CompletableFuture<Void> send(String topic, DeliveryJob job, byte[] value) {
        return template.send(topic, job.deliveryId().toString(), value)
                .orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, failure) -> {
                    if (failure != null) {
                        throw new IllegalStateException(
                                "could not hand delivery " + job.deliveryId() + " to " + topic, failure);
                    }
                    return null;
                });
    }
}
