package sos.audit.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Which events an analyst asks for; every non-null criterion must hold. Consulate, alert type, district and drill are
 * those of the alert an event belongs to (district as alert-ingest named it, e.g. {@code South}); agency and unit are those an event names (a dispatch); the time range is on
 * {@code occurredAt}, from inclusive, to exclusive.
 */
public record EventFilter(
        UUID alertId,
        String consulateId,
        String alertType,
        String district,
        String agency,
        String unitId,
        String eventType,
        Boolean drill,
        Instant from,
        Instant to) {

    public static final EventFilter ALL = new EventFilter(null, null, null, null, null, null, null, null, null, null);

    public EventFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidQueryException("from must be before to");
        }
        for (String text : new String[] {consulateId, alertType, district, agency, unitId, eventType}) {
            if (text != null && (text.isBlank() || text.length() > 200)) {
                throw new InvalidQueryException("a filter value must be 1 to 200 characters");
            }
        }
    }

    /** This filter, narrowed to one consulate's records (for a consulate's own credential). */
    public EventFilter onlyConsulate(String ownConsulate) {
        if (consulateId != null && !consulateId.equals(ownConsulate)) {
            throw new ForbiddenQueryException("a consulate sees only its own alerts' records");
        }
        return new EventFilter(alertId, ownConsulate, alertType, district, agency, unitId, eventType, drill, from, to);
    }
}
