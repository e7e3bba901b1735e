package sos.dispatch;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;
import sos.dispatch.domain.Decision;
import sos.dispatch.domain.DispatchOutcome;

/**
 * Publishes a decision to {@code sos.dispatch.assignments}, keyed by alert id, and waits until the broker has it
 * (acks=all), so that a failure is retried by the listener's error handler: a retry re-publishes the same event.
 */
@Component
class AssignmentPublisher {

    private static final Logger log = LoggerFactory.getLogger(AssignmentPublisher.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, SosEvent> kafka;

    AssignmentPublisher(KafkaTemplate<String, SosEvent> kafka) {
        this.kafka = kafka;
    }

    void publish(DispatchOutcome outcome) {
        Decision decision = outcome.decision();
        UnitsAssigned event = decision.event();
        describe(outcome);
        try {
            kafka.send(Topics.ASSIGNMENTS.name(), event.key(), event).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.eventId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + event.eventId(), e);
        }
    }

    private static void describe(DispatchOutcome outcome) {
        Decision decision = outcome.decision();
        UnitsAssigned event = decision.event();
        var units = event.assignments().stream()
                .map(a -> a.unitId() + " (" + a.distanceKm() + " km, ETA " + a.etaSeconds() + " s)")
                .toList();
        if (outcome.redelivery()) {
            log.info("Alert seen before: re-publishing decision {} unchanged, {}", event.eventId(), units);
        } else if (event.assignments().isEmpty() && event.requested() > 0) {
            log.warn(
                    "No unit available for {} {} alert{}: requested {}, assigned none",
                    decision.severity(),
                    decision.type(),
                    decision.drill() ? " (drill)" : "",
                    event.requested());
        } else if (decision.shortfall()) {
            log.warn(
                    "Only {} of {} units available for {} {} alert{}: {}",
                    event.assignments().size(),
                    event.requested(),
                    decision.severity(),
                    decision.type(),
                    decision.drill() ? " (drill)" : "",
                    units);
        } else {
            log.info(
                    "Dispatched {} {} alert{}: {}{}",
                    decision.severity(),
                    decision.type(),
                    decision.drill() ? " (drill)" : "",
                    units,
                    decision.reserved() ? "" : ", not reserved");
        }
    }
}
