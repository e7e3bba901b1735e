package sos.notification.domain.delivery;

import java.util.Locale;
import java.util.stream.Collectors;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AlertResolved;
import sos.contracts.AssignmentUpdated;
import sos.contracts.DuressSignalled;
import sos.contracts.GeoPoint;
import sos.contracts.UnitsAssigned;

/** The short human text that goes with each webhook, in English, one line. */
public final class MessageText {

    private static final String DRILL = "[DRILL] ";

    private MessageText() {}

    /** e.g. {@code SOS ARMED_ATTACK (CRITICAL) at Consulate General of Germany (demo), Chancery (24.8138, 67.0300) — alert 0195...} */
    public static String of(AlertRaised alert) {
        return (alert.drill() ? DRILL : "") + "SOS " + alert.type() + " (" + alert.severity() + ") at " + place(alert)
                + " " + coordinates(alert.location()) + " — alert " + alert.alertId();
    }

    /**
     * e.g. {@code Units assigned to ARMED_ATTACK at Consulate General of Germany (demo): Clifton Mobile 1 (POLICE, ETA 1
     * min), Rangers QRF 2 (RANGERS, ETA 7 min) — alert 0195...}
     *
     * @param alert the alert assigned to, or null when it is not known
     */
    public static String of(UnitsAssigned assigned, AlertRaised alert) {
        String prefix = alert != null && alert.drill() ? DRILL : "";
        String subject = alert == null ? "alert " + assigned.alertId() : alert.type() + " at " + place(alert);
        String suffix = " — alert " + assigned.alertId();
        if (assigned.assignments().isEmpty()) {
            return prefix + "No units available for " + subject + " (" + assigned.requested() + " requested)"
                    + (alert == null ? "" : suffix);
        }
        String units = assigned.assignments().stream()
                .map(unit -> name(unit) + " (" + unit.agency() + ", ETA " + eta(unit.etaSeconds()) + ")")
                .collect(Collectors.joining(", "));
        int shortBy = assigned.requested() - assigned.assignments().size();
        String shortfall =
                shortBy > 0 ? "; " + shortBy + " of " + assigned.requested() + " requested units not available" : "";
        return prefix + "Units assigned to " + subject + ": " + units + shortfall + (alert == null ? "" : suffix);
    }

    /**
     * e.g. {@code Alert cancelled by the consulate (false alarm): ARMED_ATTACK at Consulate General of Germany (demo)
     * — alert 0195...}. A duress cover uses this very text, so that it cannot be told from a genuine cancel.
     *
     * @param alert the alert cancelled, or null when it is not known
     */
    public static String of(AlertCancelled cancelled, AlertRaised alert) {
        String reason =
                cancelled.reason() == null || cancelled.reason().isBlank() ? "" : " (" + cancelled.reason() + ")";
        return prefix(cancelled.drill()) + "Alert cancelled by the consulate" + reason + ": "
                + subject(alert, cancelled.consulateId()) + " — alert " + cancelled.alertId();
    }

    /** The alert was "cancelled" with the duress PIN: for police and Rangers only, never for the consulate. */
    public static String of(DuressSignalled duress, AlertRaised alert) {
        return prefix(duress.drill()) + "DURESS: " + subject(alert, duress.consulateId())
                + " was cancelled with the duress PIN. The person at the panel is under coercion: keep units going,"
                + " do not contact the consulate openly — alert " + duress.alertId();
    }

    /** e.g. {@code SOS pressed again (press 3): ARMED_ATTACK at ... — alert 0195...} */
    public static String of(AlertRepeatPressed repeat, AlertRaised alert) {
        return prefix(repeat.drill()) + "SOS pressed again (press " + repeat.pressCount() + "): "
                + subject(alert, repeat.consulateId()) + " — alert " + repeat.alertId();
    }

    /** e.g. {@code Alert moved: ... now at (24.8138, 67.0300) https://maps.google.com/?q=24.8138,67.0300 — alert ...} */
    public static String of(AlertLocationUpdated moved, AlertRaised alert) {
        return prefix(moved.drill()) + "Alert moved: " + subject(alert, moved.consulateId()) + " now at "
                + coordinates(moved.location()) + " " + mapLink(moved.location()) + " — alert " + moved.alertId();
    }

    /**
     * e.g. {@code Help is on the way: Clifton Mobile 1 (POLICE, ETA 4 min) is en route to ARMED_ATTACK at ... — alert
     * ...} or {@code Help has arrived: Clifton Mobile 1 (POLICE) is on scene at ...}.
     *
     * @param unit the unit as it was assigned, or null when not known (then its id names it)
     */
    public static String of(AssignmentUpdated update, UnitsAssigned.Assignment unit, AlertRaised alert) {
        String prefix = alert != null && alert.drill() ? DRILL : "";
        String name = unit == null ? update.unitId() : name(unit);
        String subject = alert == null ? "alert " + update.alertId() : alert.type() + " at " + place(alert);
        if ("ON_SCENE".equals(update.change())) {
            return prefix + "Help has arrived: " + name + (unit == null ? "" : " (" + unit.agency() + ")")
                    + " is on scene at " + subject + " — alert " + update.alertId();
        }
        return prefix + "Help is on the way: " + name
                + (unit == null ? "" : " (" + unit.agency() + ", ETA " + eta(unit.etaSeconds()) + ")")
                + " is en route to " + subject + " — alert " + update.alertId();
    }

    /** e.g. {@code Alert resolved by Madadgar 15 duty officer (all units cleared): ARMED_ATTACK at ... — alert ...} */
    public static String of(AlertResolved resolved, AlertRaised alert) {
        String prefix = alert != null && alert.drill() ? DRILL : "";
        String subject = alert == null ? "alert " + resolved.alertId() : alert.type() + " at " + place(alert);
        String reason = resolved.reason() == null || resolved.reason().isBlank() ? "" : " (" + resolved.reason() + ")";
        return prefix + "Alert resolved by " + resolved.resolvedBy() + reason + ": " + subject + " — alert "
                + resolved.alertId();
    }

    /** A link that opens the position on a map, on any phone. */
    public static String mapLink(GeoPoint point) {
        return String.format(Locale.ROOT, "https://maps.google.com/?q=%.5f,%.5f", point.lat(), point.lon());
    }

    private static String prefix(boolean drill) {
        return drill ? DRILL : "";
    }

    private static String subject(AlertRaised alert, String consulateId) {
        return alert == null ? "alert of " + consulateId : alert.type() + " at " + place(alert);
    }

    private static String place(AlertRaised alert) {
        String consulate =
                alert.consulateName() == null || alert.consulateName().isBlank()
                        ? alert.consulateId()
                        : alert.consulateName();
        return alert.premises() == null || alert.premises().isBlank() ? consulate : consulate + ", " + alert.premises();
    }

    private static String coordinates(GeoPoint point) {
        return String.format(Locale.ROOT, "(%.4f, %.4f)", point.lat(), point.lon());
    }

    static String name(UnitsAssigned.Assignment unit) {
        return unit.callSign() == null || unit.callSign().isBlank() ? unit.unitId() : unit.callSign();
    }

    /** Whole minutes, rounded up: an ETA is a promise. */
    static String eta(int seconds) {
        return Math.max(0, (seconds + 59) / 60) + " min";
    }
}
