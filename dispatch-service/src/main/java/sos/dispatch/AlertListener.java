package sos.dispatch;

import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import sos.contracts.AlertRaised;
import sos.dispatch.domain.Dispatcher;

/**
 * Reads {@code sos.alerts} in the consumer group {@code dispatch-service}: decides (or recalls) the units for each alert
 * and publishes the decision.
 */
@Component
class AlertListener {

    private final Dispatcher dispatcher;
    private final AssignmentPublisher publisher;

    AlertListener(Dispatcher dispatcher, AssignmentPublisher publisher) {
        this.dispatcher = dispatcher;
        this.publisher = publisher;
    }

    @KafkaListener(id = "dispatch-alerts", idIsGroup = false, topics = "#{T(sos.contracts.Topics).ALERTS.name()}")
    void onAlert(AlertRaised alert) {
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable("alertId", alert.alertId().toString())) {
            publisher.publish(dispatcher.dispatch(alert));
        }
    }
}
