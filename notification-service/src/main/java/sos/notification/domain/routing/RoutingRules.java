package sos.notification.domain.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertEvent;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.DuressSignalled;
import sos.contracts.UnitsAssigned;

/**
 * The validated recipients of a routing file, and who gets which event.
 *
 * <p>Alerts and assignments go to the recipients that subscribe to them and whose filter matches. What happens to an
 * alert later (cancelled, duress, pressed again, moved) goes to a subset of the alert's own recipients, fixed here
 * rather than in the file, so that no file can leak a duress signal to the consulate:
 *
 * <ul>
 *   <li>{@link AlertCancelled}: every recipient of the alert;
 *   <li>{@link DuressSignalled}: every non-consulate recipient of the alert plus every control room and Rangers ops
 *       room; the consulate's own recipients get {@link #duressCoverFor a normal-looking cancel} instead;
 *   <li>{@link AlertRepeatPressed}: the control rooms among the alert's recipients;
 *   <li>{@link AlertLocationUpdated}: the non-consulate recipients of the alert (control room, district, Rangers).
 * </ul>
 *
 * Every live alert and every live follow-up reaches at least one control room: when the file names none for it, a
 * routing gap is logged and the enabled control rooms get it anyway.
 */
public final class RoutingRules {

    private static final Logger log = LoggerFactory.getLogger(RoutingRules.class);

    private final List<Recipient> recipients;
    private final Districts districts;

    public RoutingRules(List<Recipient> recipients) {
        this(recipients, Districts.NONE);
    }

    public RoutingRules(List<Recipient> recipients, Districts districts) {
        this.recipients = List.copyOf(recipients);
        this.districts = districts;
    }

    public List<Recipient> recipients() {
        return recipients;
    }

    public Districts districts() {
        return districts;
    }

    public Optional<Recipient> recipient(String id) {
        return recipients.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Every enabled recipient that subscribes to alerts and whose filter matches this one; never no control room. */
    public List<Recipient> recipientsFor(AlertRaised alert) {
        return withControlRoom(matching(alert), alert.drill(), "AlertRaised " + alert.eventId());
    }

    private List<Recipient> matching(AlertRaised alert) {
        String district = districts.of(alert.location());
        return recipients.stream()
                .filter(r -> r.receives(EventKind.ALERT_RAISED))
                .filter(r -> r.filter().matches(alert, district))
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
        String district = alert == null ? null : districts.of(alert.location());
        List<Recipient> routed = recipients.stream()
                .filter(r -> r.receives(EventKind.UNITS_ASSIGNED))
                .filter(r -> alert == null
                        ? r.kind() == RecipientKind.CONTROL_ROOM
                        : r.filter().matches(alert, district) && r.filter().matchesAgencies(assigned))
                .toList();
        boolean drill = alert != null && alert.drill();
        return alert == null ? routed : withControlRoom(routed, drill, "UnitsAssigned " + assigned.eventId());
    }

    /**
     * Who is told about a follow-up of an alert (see the class comment), in file order.
     *
     * @param alert the alert it follows, or null when it is not known: then its consulate and the control rooms
     *     stand for the alert's recipients
     */
    public List<Recipient> recipientsFor(AlertLifecycleEvent followUp, AlertRaised alert) {
        List<Recipient> ofAlert = alertRecipients(followUp, alert);
        List<Recipient> routed;
        if (followUp instanceof AlertCancelled) {
            routed = ofAlert;
        } else if (followUp instanceof DuressSignalled) {
            Set<Recipient> told = new LinkedHashSet<>();
            ofAlert.stream().filter(r -> r.kind() != RecipientKind.CONSULATE).forEach(told::add);
            recipients.stream()
                    .filter(Recipient::enabled)
                    .filter(r -> r.kind() == RecipientKind.CONTROL_ROOM || r.kind() == RecipientKind.RANGERS_OPS)
                    .filter(r -> r.filter().drills().admits(followUp.drill()))
                    .forEach(told::add);
            routed = inFileOrder(told::contains);
        } else if (followUp instanceof AlertRepeatPressed) {
            routed = ofAlert.stream()
                    .filter(r -> r.kind() == RecipientKind.CONTROL_ROOM)
                    .toList();
        } else if (followUp instanceof AlertLocationUpdated) {
            routed = ofAlert.stream()
                    .filter(r -> r.kind() != RecipientKind.CONSULATE)
                    .toList();
        } else {
            return List.of(); // a kind recipients cannot subscribe to
        }
        return withControlRoom(routed, followUp.drill(), followUp.eventType() + " " + followUp.eventId());
    }

    /**
     * Who is told that help is on the way, has arrived, or that the alert is resolved: the control rooms and the
     * consulate's own recipients among the alert's recipients, the consulate's never after a duress (it was shown a
     * cancel, after which a genuine alert hears nothing more). For an alert not known here: the control rooms.
     */
    public List<Recipient> progressRecipientsFor(AlertEvent update, AlertRaised alert, boolean duress) {
        if (alert == null) {
            return recipients.stream()
                    .filter(Recipient::enabled)
                    .filter(r -> r.kind() == RecipientKind.CONTROL_ROOM)
                    .toList();
        }
        List<Recipient> routed = matching(alert).stream()
                .filter(r -> r.kind() == RecipientKind.CONTROL_ROOM || (r.kind() == RecipientKind.CONSULATE && !duress))
                .toList();
        return withControlRoom(routed, alert.drill(), update.eventType() + " " + update.eventId());
    }

    /**
     * The consulate's own recipients of a duress-signalled alert: they are shown the alert as cancelled, exactly like
     * a genuine cancel, and never told of the duress.
     */
    public List<Recipient> duressCoverFor(DuressSignalled duress, AlertRaised alert) {
        return alertRecipients(duress, alert).stream()
                .filter(r -> r.kind() == RecipientKind.CONSULATE)
                .toList();
    }

    private List<Recipient> alertRecipients(AlertLifecycleEvent followUp, AlertRaised alert) {
        if (alert != null) {
            return matching(alert);
        }
        return recipients.stream()
                .filter(r -> r.receives(EventKind.ALERT_RAISED))
                .filter(r -> r.filter().drills().admits(followUp.drill()))
                .filter(r -> r.kind() == RecipientKind.CONTROL_ROOM
                        || (r.kind() == RecipientKind.CONSULATE
                                && followUp.consulateId().equals(r.filter().consulateId())))
                .toList();
    }

    /** A live event that would reach no control room is a routing gap: reported, and the control rooms get it. */
    private List<Recipient> withControlRoom(List<Recipient> routed, boolean drill, String what) {
        if (drill || routed.stream().anyMatch(r -> r.kind() == RecipientKind.CONTROL_ROOM)) {
            return routed;
        }
        List<Recipient> controlRooms = recipients.stream()
                .filter(Recipient::enabled)
                .filter(r -> r.kind() == RecipientKind.CONTROL_ROOM)
                .toList();
        log.warn(
                "Routing gap: the routing file sends {} to no control room; falling back to {}",
                what,
                controlRooms.stream().map(Recipient::id).toList());
        Set<Recipient> all = new LinkedHashSet<>(routed);
        all.addAll(controlRooms);
        return inFileOrder(all::contains);
    }

    private List<Recipient> inFileOrder(Predicate<Recipient> included) {
        List<Recipient> result = new ArrayList<>();
        recipients.stream().filter(included).forEach(result::add);
        return result;
    }
}
