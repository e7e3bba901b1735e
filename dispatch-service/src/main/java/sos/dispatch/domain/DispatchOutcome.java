package sos.dispatch.domain;

import java.util.List;
import sos.contracts.SosEvent;

/**
 * The answer to one delivery of an alert.
 *
 * @param decision the decision; null when the alert was cancelled before it was decided (nothing is sent)
 * @param redelivery the alert had been decided before (a redelivery, or the same alert raised again): the decision is
 *     the earlier one, unchanged, and nothing new was reserved
 * @param events what to publish, in order: the decision on sos.dispatch.assignments, the units' new states
 */
public record DispatchOutcome(Decision decision, boolean redelivery, List<SosEvent> events) {

    public DispatchOutcome {
        events = List.copyOf(events);
    }
}
