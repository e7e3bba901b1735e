package sos.notification.domain.routing;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import sos.contracts.Agency;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned;

/**
 * Which alerts a recipient gets. Every part that is set must match.
 *
 * @param minSeverity the least urgent severity still delivered; null for every severity
 * @param alertTypes the alert types delivered; empty for every type
 * @param consulateId only alerts of this consulate; null for every consulate
 * @param drills whether drills are delivered
 * @param districts only alerts located in one of these districts (of the routing file); empty for every place
 * @param agencies assignments only when a unit of one of these agencies is sent; empty for every assignment. Alerts
 *     themselves are not filtered by agency (no agency is known before dispatch).
 */
public record RecipientFilter(
        Severity minSeverity,
        Set<AlertType> alertTypes,
        String consulateId,
        DrillPolicy drills,
        Set<String> districts,
        Set<Agency> agencies) {

    public static final RecipientFilter EVERYTHING =
            new RecipientFilter(null, Set.of(), null, DrillPolicy.INCLUDE, Set.of(), Set.of());

    public RecipientFilter {
        alertTypes = Set.copyOf(alertTypes);
        Objects.requireNonNull(drills, "drills");
        districts = Set.copyOf(districts);
        agencies = Set.copyOf(agencies);
    }

    public RecipientFilter(Severity minSeverity, Set<AlertType> alertTypes, String consulateId, DrillPolicy drills) {
        this(minSeverity, alertTypes, consulateId, drills, Set.of(), Set.of());
    }

    /** @param district the alert's district, or null when it lies in none */
    public boolean matches(AlertRaised alert, String district) {
        return matches(alert.type(), alert.severity(), alert.consulateId(), alert.drill())
                && (districts.isEmpty() || districts.contains(district));
    }

    public boolean matches(AlertType type, Severity severity, String consulate, boolean drill) {
        return (minSeverity == null || severity.compareTo(minSeverity) <= 0)
                && (alertTypes.isEmpty() || alertTypes.contains(type))
                && (consulateId == null || consulateId.equals(consulate))
                && drills.admits(drill);
    }

    /** Whether the assignment sends a unit of one of {@link #agencies} (always, when none are named). */
    public boolean matchesAgencies(UnitsAssigned assigned) {
        if (agencies.isEmpty()) {
            return true;
        }
        List<UnitsAssigned.Assignment> units = assigned.assignments();
        return units.stream().anyMatch(unit -> agencies.contains(unit.agency()));
    }

    /** Whether the filter narrows by place or agency, which a start-up check cannot know about. */
    boolean isUnconditional() {
        return districts.isEmpty() && consulateId == null;
    }
}
