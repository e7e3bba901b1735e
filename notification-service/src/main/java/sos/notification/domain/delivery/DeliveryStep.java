package sos.notification.domain.delivery;

import java.util.List;
import sos.contracts.NotificationEvent;

/**
 * What one turn of a delivery came to: an event per failed attempt and, when the delivery ended, its outcome (a
 * {@code NotificationSent} or the final {@code NotificationFailed}, also the last of {@code events}); otherwise the job
 * of its next attempt, due later.
 */
public record DeliveryStep(List<NotificationEvent> events, NotificationEvent outcome, DeliveryJob retry) {

    public DeliveryStep {
        events = List.copyOf(events);
        if ((outcome == null) == (retry == null)) {
            throw new IllegalArgumentException("a step either ends the delivery or schedules its next attempt");
        }
    }

    /** The last thing known about the delivery: its outcome, or the event of the attempt that failed last. */
    public NotificationEvent last() {
        return events.get(events.size() - 1);
    }
}
