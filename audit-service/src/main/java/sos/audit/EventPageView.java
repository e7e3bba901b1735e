package sos.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import sos.audit.domain.EventPage;
import sos.audit.domain.EventPayloads;
import sos.audit.domain.RecordedEvent;

/** The JSON of {@code GET /api/v1/audit/events}. */
record EventPageView(List<Entry> events, long nextAfterSeq, Long prevBeforeSeq) {

    static EventPageView of(EventPage page) {
        return new EventPageView(
                page.events().stream().map(Entry::of).toList(),
                page.nextAfterSeq(),
                page.events().isEmpty() ? null : page.events().get(0).seq());
    }

    /**
     * One recorded event; {@code alertId} is null for events outside any alert, {@code district} when its alert's
     * district is not known.
     */
    record Entry(
            long seq,
            UUID eventId,
            String eventType,
            UUID alertId,
            String district,
            String aggregateKey,
            Instant occurredAt,
            Instant recordedAt,
            String topic,
            @JsonRawValue String event) {

        static Entry of(RecordedEvent recorded) {
            return new Entry(
                    recorded.seq(),
                    recorded.eventId(),
                    recorded.eventType(),
                    recorded.alertId(),
                    recorded.district(),
                    recorded.aggregateKey(),
                    recorded.occurredAt(),
                    recorded.recordedAt(),
                    recorded.topic(),
                    EventPayloads.canonical(recorded.payload()));
        }
    }
}
