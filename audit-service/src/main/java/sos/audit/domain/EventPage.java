package sos.audit.domain;

import java.util.List;

/**
 * A slice of the trail in recorded order.
 *
 * @param nextAfterSeq pass this as {@code afterSeq} to get the events recorded after this page
 */
public record EventPage(List<RecordedEvent> events, long nextAfterSeq) {

    public EventPage {
        events = List.copyOf(events);
    }

    static EventPage of(List<RecordedEvent> events, long afterSeq) {
        long next = events.isEmpty() ? afterSeq : events.get(events.size() - 1).seq();
        return new EventPage(events, next);
    }
}
