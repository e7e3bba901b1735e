package sos.notification.domain.routing;

import java.util.Objects;
import java.util.Set;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.Severity;

/**
 * Which alerts a recipient gets. Every part that is set must match.
 *
 * @param minSeverity the least urgent severity still delivered; null for every severity
 * @param alertTypes the alert types delivered; empty for every type
 * @param consulateId only alerts of this consulate; null for every consulate
 * @param drills whether drills are delivered
 */
public record RecipientFilter(Severity minSeverity, Set<AlertType> alertTypes, String consulateId, DrillPolicy drills) {

    public static final RecipientFilter EVERYTHING = new RecipientFilter(null, Set.of(), null, DrillPolicy.INCLUDE);

    public RecipientFilter {
        alertTypes = Set.copyOf(alertTypes);
        Objects.requireNonNull(drills, "drills");
    }

    public boolean matches(AlertRaised alert) {
        return matches(alert.type(), alert.severity(), alert.consulateId(), alert.drill());
    }

    public boolean matches(AlertType type, Severity severity, String consulate, boolean drill) {
        return (minSeverity == null || severity.compareTo(minSeverity) <= 0)
                && (alertTypes.isEmpty() || alertTypes.contains(type))
                && (consulateId == null || consulateId.equals(consulate))
                && drills.admits(drill);
    }
}
