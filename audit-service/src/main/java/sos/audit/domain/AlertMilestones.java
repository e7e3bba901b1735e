package sos.audit.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * When an alert reached each step of the response, from its events on record; a step not reached is null.
 *
 * @param raisedAt the alert's {@code AlertRaised}
 * @param acceptedAt the first acceptance by a control room: a {@code NotificationAcknowledged} whose
 *     {@code recipientKind} is {@code CONTROL_ROOM} (kinds configurable, {@code SOS_AUDIT_KPI_ACCEPT_RECIPIENT_KINDS})
 * @param dispatchedAt the first {@code UnitsAssigned} that sent at least one unit
 * @param acknowledgedAt the first {@code AssignmentUpdated} with change {@code ACKNOWLEDGED}
 * @param onSceneAt the first {@code AssignmentUpdated} with change {@code ON_SCENE}
 * @param resolvedAt the first event that ends the alert: {@code AlertResolved} (dispatch-service) or
 *     {@code AlertCancelled} (a {@code DuressSignalled} does not); null while unresolved
 * @param district the alert's Karachi district, null when its {@code AlertRaised} named none
 */
public record AlertMilestones(
        UUID alertId,
        String consulateId,
        String alertType,
        boolean drill,
        Instant raisedAt,
        Instant acceptedAt,
        Instant dispatchedAt,
        Instant acknowledgedAt,
        Instant onSceneAt,
        Instant resolvedAt,
        String district) {

    public AlertMilestones {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }

    /** An alert whose district is not known. */
    public AlertMilestones(
            UUID alertId,
            String consulateId,
            String alertType,
            boolean drill,
            Instant raisedAt,
            Instant acceptedAt,
            Instant dispatchedAt,
            Instant acknowledgedAt,
            Instant onSceneAt,
            Instant resolvedAt) {
        this(
                alertId,
                consulateId,
                alertType,
                drill,
                raisedAt,
                acceptedAt,
                dispatchedAt,
                acknowledgedAt,
                onSceneAt,
                resolvedAt,
                null);
    }

    /** Seconds from raised to the step, or null when the step was not reached (or came before, clock skew). */
    public Double secondsTo(Step step) {
        Instant at = switch (step) {
            case ACCEPT -> acceptedAt;
            case DISPATCH -> dispatchedAt;
            case UNIT_ACKNOWLEDGEMENT -> acknowledgedAt;
            case ON_SCENE -> onSceneAt;
        };
        if (at == null || at.isBefore(raisedAt)) {
            return null;
        }
        return Duration.between(raisedAt, at).toNanos() / 1e9;
    }

    public enum Step {
        ACCEPT,
        DISPATCH,
        UNIT_ACKNOWLEDGEMENT,
        ON_SCENE
    }
}
