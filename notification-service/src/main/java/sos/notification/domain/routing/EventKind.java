package sos.notification.domain.routing;

import sos.contracts.AlertRaised;
import sos.contracts.SosEvent;
import sos.contracts.UnitsAssigned;

/** The kinds of event a recipient can subscribe to in the routing file. */
public enum EventKind {
    ALERT_RAISED,
    UNITS_ASSIGNED,
    /** Only the escalations of the chain that names the recipient (e.g. a supervisor). */
    ESCALATION;

    /** The kind of {@code event}, or null when recipients cannot subscribe to it. */
    public static EventKind of(SosEvent event) {
        if (event instanceof AlertRaised) {
            return ALERT_RAISED;
        }
        if (event instanceof UnitsAssigned) {
            return UNITS_ASSIGNED;
        }
        return null;
    }
}
