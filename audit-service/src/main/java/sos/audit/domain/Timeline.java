package sos.audit.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Every recorded event of one alert, in the order they happened; ties keep the order they were recorded in. */
public record Timeline(UUID alertId, List<RecordedEvent> events) {

    static final Comparator<RecordedEvent> ORDER =
            Comparator.comparing(RecordedEvent::occurredAt).thenComparingLong(RecordedEvent::seq);

    public Timeline {
        Objects.requireNonNull(alertId, "alertId");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a timeline has at least one event");
        }
        for (RecordedEvent event : events) {
            if (!alertId.equals(event.alertId())) {
                throw new IllegalArgumentException(
                        "event " + event.eventId() + " belongs to alert " + event.alertId() + ", not " + alertId);
            }
        }
        events = events.stream().sorted(ORDER).toList();
    }

    /** The timeline of an alert, or empty when nothing about it is on record. */
    public static Optional<Timeline> of(UUID alertId, List<RecordedEvent> events) {
        return events.isEmpty() ? Optional.empty() : Optional.of(new Timeline(alertId, events));
    }
}
