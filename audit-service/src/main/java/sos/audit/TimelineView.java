package sos.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import sos.audit.domain.EventPayloads;
import sos.audit.domain.RecordedEvent;
import sos.audit.domain.Timeline;

/** The JSON of {@code GET /api/v1/audit/alerts/{alertId}/timeline}. */
record TimelineView(UUID alertId, List<Entry> events) {

    static TimelineView of(Timeline timeline) {
        return new TimelineView(
                timeline.alertId(), timeline.events().stream().map(Entry::of).toList());
    }

    /** One event of the timeline; {@code event} is the event's JSON object as it was recorded. */
    record Entry(
            long seq,
            UUID eventId,
            String eventType,
            Instant occurredAt,
            Instant recordedAt,
            String topic,
            @JsonRawValue String event) {

        static Entry of(RecordedEvent recorded) {
            return new Entry(
                    recorded.seq(),
                    recorded.eventId(),
                    recorded.eventType(),
                    recorded.occurredAt(),
                    recorded.recordedAt(),
                    recorded.topic(),
                    EventPayloads.canonical(recorded.payload()));
        }
    }
}
