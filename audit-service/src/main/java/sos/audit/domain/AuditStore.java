package sos.audit.domain;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** Where the trail is kept. Appending is idempotent by event id and all-or-nothing per call. */
public interface AuditStore {

    /**
     * Appends the entries in order, in one transaction, skipping any event id already on record, chained after the
     * current head ({@link Chain}); appends never interleave.
     *
     * @return for each entry, whether it was new
     */
    List<Boolean> append(List<AuditEntry> entries);

    /** The events of one alert, ordered by occurrence then seq. */
    List<RecordedEvent> eventsOfAlert(UUID alertId);

    /** One page of the events that pass the query's filter, in seq order. */
    List<RecordedEvent> find(EventQuery query);

    /** Every event that passes the filter, in seq order, fed to {@code consumer} as read (for exports). */
    void scan(EventFilter filter, java.util.function.Consumer<RecordedEvent> consumer);

    /** Feeds the rows after {@code afterSeq} in seq order to {@code consumer} until it returns false or none are left. */
    void scanChain(long afterSeq, Predicate<AuditRow> consumer);

    /** The consulate of an alert, from its {@code AlertRaised}, if on record. */
    java.util.Optional<String> consulateOf(UUID alertId);

    /** The last row of the trail. */
    Chain.Head head();

    /** Whether the store answers right now. */
    boolean isReachable();
}
