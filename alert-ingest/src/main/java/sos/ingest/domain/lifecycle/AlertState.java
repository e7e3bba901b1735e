package sos.ingest.domain.lifecycle;

import java.time.Instant;
import java.util.UUID;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;

/**
 * What is known about one alert, folded from its events on {@code sos.alerts}.
 *
 * @param location the latest position (raised, located or pressed again)
 * @param accuracyMeters may be null
 */
public record AlertState(
        UUID alertId,
        String consulateId,
        AlertType type,
        Severity severity,
        GeoPoint location,
        Double accuracyMeters,
        boolean drill,
        Instant raisedAt,
        Status status,
        int pressCount,
        Instant lastPressAt,
        Instant updatedAt) {

    /**
     * Internal status. A consulate never sees {@link #DURESS}: to it a duress "cancel" is a cancel. {@link #RESOLVED}:
     * the control room (or the last unit clearing) closed it on dispatch's topic.
     */
    public enum Status {
        OPEN,
        CANCELLED,
        DURESS,
        RESOLVED
    }

    /** The status the consulate is shown: OPEN, RESOLVED or CANCELLED (also after a duress PIN). */
    public String visibleStatus() {
        return switch (status) {
            case OPEN -> "OPEN";
            case RESOLVED -> "RESOLVED";
            case CANCELLED, DURESS -> "CANCELLED";
        };
    }

    public boolean open() {
        return status == Status.OPEN;
    }

    AlertState with(Status newStatus, Instant at) {
        return new AlertState(
                alertId,
                consulateId,
                type,
                severity,
                location,
                accuracyMeters,
                drill,
                raisedAt,
                newStatus,
                pressCount,
                lastPressAt,
                later(updatedAt, at));
    }

    AlertState located(GeoPoint newLocation, Double newAccuracy, Instant at) {
        return new AlertState(
                alertId,
                consulateId,
                type,
                severity,
                newLocation,
                newAccuracy,
                drill,
                raisedAt,
                status,
                pressCount,
                lastPressAt,
                later(updatedAt, at));
    }

    AlertState pressed(int count, GeoPoint where, Instant at) {
        return new AlertState(
                alertId,
                consulateId,
                type,
                severity,
                where == null ? location : where,
                where == null ? accuracyMeters : null,
                drill,
                raisedAt,
                status,
                Math.max(pressCount, count),
                later(lastPressAt, at),
                later(updatedAt, at));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
