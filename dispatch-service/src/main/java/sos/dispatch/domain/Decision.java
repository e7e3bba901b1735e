package sos.dispatch.domain;

import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned;

/**
 * What dispatch decided for one alert, once: the event to publish and what it answered.
 *
 * @param reserved whether the units were reserved (false for a drill: drills are dispatched on paper only)
 */
public record Decision(UnitsAssigned event, AlertType type, Severity severity, boolean drill, boolean reserved) {

    /** Fewer units were found than the policy asks for. */
    public boolean shortfall() {
        return event.assignments().size() < event.requested();
    }
}
