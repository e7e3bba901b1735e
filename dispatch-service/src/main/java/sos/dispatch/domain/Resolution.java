package sos.dispatch.domain;

import java.util.List;
import sos.contracts.AlertResolved;
import sos.contracts.SosEvent;

/**
 * The answer to resolving an alert.
 *
 * @param resolved the alert's resolution (the earlier one when it was resolved before)
 * @param alreadyResolved the alert was resolved before: nothing changed and nothing is published
 * @param events what to publish, in order: the resolution, then the released units' new states
 */
public record Resolution(AlertResolved resolved, boolean alreadyResolved, List<SosEvent> events) {

    public Resolution {
        events = List.copyOf(events);
    }
}
