package sos.notification.domain.routing;

import java.util.List;
import java.util.Optional;
import sos.contracts.AlertRaised;
import sos.contracts.UnitsAssigned;

/** The validated recipients of a routing file, and who gets which event. */
public final class RoutingRules {

    private final List<Recipient> recipients;

    public RoutingRules(List<Recipient> recipients) {
        this.recipients = List.copyOf(recipients);
    }

    public List<Recipient> recipients() {
        return recipients;
    }

    public Optional<Recipient> recipient(String id) {
        return recipients.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Every enabled recipient that subscribes to alerts and whose filter matches this one. */
    public List<Recipient> recipientsFor(AlertRaised alert) {
        return recipients.stream()
                .filter(r -> r.receives(EventKind.ALERT_RAISED))
                .filter(r -> r.filter().matches(alert))
                .toList();
    }

    /**
     * Who gets an assignment. The filters apply to the alert's attributes, so the caller passes the alert when it
     * knows it; when it does not ({@code alert} null), only the control-room recipients get it, unfiltered.
     */
    public List<Recipient> recipientsFor(UnitsAssigned assigned, AlertRaised alert) {
        if (alert != null && !alert.alertId().equals(assigned.alertId())) {
            throw new IllegalArgumentException(
                    "alert " + alert.alertId() + " is not the alert of assignment " + assigned.eventId());
        }
        return recipients.stream()
                .filter(r -> r.receives(EventKind.UNITS_ASSIGNED))
                .filter(r -> alert == null
                        ? r.kind() == RecipientKind.CONTROL_ROOM
                        : r.filter().matches(alert))
                .toList();
    }
}
