package sos.audit.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The audit trail: records events once and answers analysts' questions about them. */
public final class AuditTrail {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;

    private final AuditStore store;

    public AuditTrail(AuditStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Puts the entries on record, all or none; an event already on record is not stored again.
     *
     * @return for each entry, whether it was new
     * @throws IllegalArgumentException when a payload holds an escaped NUL, which the trail's queries could not read
     *     (the caller sends that event to its dead-letter topic, as for any event the database refuses)
     */
    public List<Boolean> record(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        for (AuditEntry entry : entries) {
            if (entry.holdsEscapedNul()) {
                throw new IllegalArgumentException(
                        "event " + entry.eventId() + " holds a NUL character, which PostgreSQL's jsonb cannot hold");
            }
        }
        return store.append(entries);
    }

    /** Whether the trail can be written right now; asked after a failed write, to tell an outage from a refusal. */
    public boolean isStoreReachable() {
        return store.isReachable();
    }

    /** Recomputes the whole chain from the first row and names the first row that does not fit. */
    public ChainVerification.Result verify() {
        ChainVerification verification = new ChainVerification();
        store.scanChain(0, verification::accept);
        return verification.result();
    }

    public Optional<Timeline> timelineOf(UUID alertId) {
        return Timeline.of(alertId, store.eventsOfAlert(alertId));
    }

    /** The timeline as this caller may see it: a consulate sees only its own alerts (others look unknown). */
    public Optional<Timeline> timelineOf(UUID alertId, Caller caller) {
        if (caller.isConsulate()
                && !store.consulateOf(alertId).map(caller.consulateId()::equals).orElse(false)) {
            return Optional.empty();
        }
        return timelineOf(alertId);
    }

    /**
     * Events in recorded order: the latest {@code limit} ones, or, with {@code afterSeq}, the first {@code limit}
     * recorded after it (to follow the trail page by page).
     *
     * @param limit null for {@link #DEFAULT_PAGE_SIZE}
     * @param afterSeq null for the latest events
     */
    public EventPage events(Integer limit, Long afterSeq) {
        return events(EventFilter.ALL, limit, afterSeq, null);
    }

    /**
     * Events that pass the filter, in recorded order, by keyset on seq: after {@code afterSeq}, before
     * {@code beforeSeq}, or the latest.
     */
    public EventPage events(EventFilter filter, Integer limit, Long afterSeq, Long beforeSeq) {
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidQueryException("limit must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        if (afterSeq != null && beforeSeq != null) {
            throw new InvalidQueryException("give afterSeq or beforeSeq, not both");
        }
        if ((afterSeq != null && afterSeq < 0) || (beforeSeq != null && beforeSeq < 0)) {
            throw new InvalidQueryException("afterSeq must not be negative, was " + afterSeq);
        }
        List<RecordedEvent> found = store.find(new EventQuery(filter, afterSeq, beforeSeq, size));
        return EventPage.of(found, afterSeq == null ? 0 : afterSeq);
    }

    /** Every event that passes the filter, in recorded order, as read. */
    public void export(EventFilter filter, java.util.function.Consumer<RecordedEvent> consumer) {
        store.scan(filter, consumer);
    }
}
