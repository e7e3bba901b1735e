package sos.dispatch.domain;

import java.util.List;
import sos.contracts.SosEvent;

/**
 * A unit after a change, and the events that record it (empty when nothing changed, e.g. a repeated acknowledgement).
 */
public record UnitChange(UnitState state, List<SosEvent> events) {

    public UnitChange {
        events = List.copyOf(events);
    }
}
