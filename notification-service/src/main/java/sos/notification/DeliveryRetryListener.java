package sos.notification;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import sos.notification.domain.Fanout;
import sos.notification.domain.delivery.DeliveryJob;

/**
 * Runs the deliveries waiting on the retry topic, each when its back-off is over (all of a batch at the same time and
 * independently, on the retry pool; none holding a thread while it waits). Offsets are committed once every job of the batch made its attempts and
 * their events, next jobs and dead letters are on Kafka. A job that cannot be read goes to the service's dead-letter
 * topic.
 */
@Component
class DeliveryRetryListener {

    static final String RETRY_TOPIC = "sos.notification-service.delivery-retry";

    private final Fanout fanout;

    DeliveryRetryListener(Fanout fanout) {
        this.fanout = fanout;
    }

    @KafkaListener(
            id = "notification-retries",
            // its own group: joining or leaving it does not rebalance the fan-out's partitions
            groupId = "${spring.application.name}-retries",
            batch = "true",
            topics = RETRY_TOPIC,
            properties = {
                "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                // a batch waits for its longest back-off (seconds), far below the default 5 min
                "max.poll.records=200"
            })
    void on(List<ConsumerRecord<String, byte[]>> records) {
        NotificationListener.BatchOfRecords.handle(records, this::run);
    }

    private CompletableFuture<?> run(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return CompletableFuture.completedFuture(null);
        }
        DeliveryJob job = NotificationListener.BatchOfRecords.read(record, DeliveryJobJson::fromBytes);
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable("alertId", job.subject().alertId().toString())) {
            return fanout.runJob(job);
        }
    }
}
