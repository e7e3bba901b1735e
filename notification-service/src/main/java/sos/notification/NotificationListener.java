package sos.notification;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import sos.contracts.AlertEvent;
import sos.contracts.SosEvent;
import sos.notification.domain.Fanout;

/**
 * Consumes alerts and assignments and hands each to the fan-out. The offset is committed (ack mode RECORD) only after
 * {@link Fanout#handle} returned, i.e. after every delivery of the record ended and its outcome is on Kafka.
 */
@Component
class NotificationListener {

    private final Fanout fanout;

    NotificationListener(Fanout fanout) {
        this.fanout = fanout;
    }

    @KafkaListener(
            id = "notification-fanout",
            idIsGroup = false,
            topics = {"#{T(sos.contracts.Topics).ALERTS.name()}", "#{T(sos.contracts.Topics).ASSIGNMENTS.name()}"})
    void on(ConsumerRecord<String, SosEvent> record) {
        if (!(record.value() instanceof AlertEvent event)) {
            return; // a tombstone, or an event no recipient can subscribe to
        }
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable("alertId", event.alertId().toString())) {
            fanout.handle(event);
        }
    }
}
