package sos.notification.domain.delivery;

import java.util.Locale;
import java.util.stream.Collectors;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertEvent;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AlertResolved;
import sos.contracts.AlertType;
import sos.contracts.AssignmentUpdated;
import sos.contracts.DuressSignalled;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned;

/**
 * The messages in Urdu, for recipients whose language is {@code ur}: the same facts as {@link MessageText} (alert
 * type, consulate, place with a map link, units and ETA), short, so that an SMS stays in as few UCS-2 segments as it
 * can. Names, call signs and ids stay as they are.
 */
public final class UrduText {

    private static final String DRILL = "[مشق] ";

    private UrduText() {}

    /** The Urdu text of an event, or null when there is none (the English text is used then). */
    public static String of(AlertEvent event, AlertRaised alert) {
        return of(event, alert, null);
    }

    /**
     * The Urdu text of an event, or null when there is none.
     *
     * @param unit for a unit's progress ({@link AssignmentUpdated}): the unit as assigned, or null when not known
     */
    public static String of(AlertEvent event, AlertRaised alert, UnitsAssigned.Assignment unit) {
        if (event instanceof AssignmentUpdated update) {
            String name = unit == null ? update.unitId() : MessageText.name(unit);
            String prefix = prefix(alert != null && alert.drill());
            if ("ON_SCENE".equals(update.change())) {
                return prefix + "مدد پہنچ گئی: " + name + " موقع پر موجود ہے — الرٹ " + update.alertId();
            }
            return prefix + "مدد روانہ ہے: " + name + (unit == null ? "" : " (" + minutes(unit.etaSeconds()) + " منٹ)")
                    + " راستے میں ہے — الرٹ " + update.alertId();
        }
        if (event instanceof AlertResolved resolved) {
            return prefix(alert != null && alert.drill()) + "الرٹ نمٹا دیا گیا (" + resolved.resolvedBy() + ") — الرٹ "
                    + resolved.alertId();
        }
        if (event instanceof AlertRaised raised) {
            return prefix(raised.drill()) + "ہنگامی الرٹ: " + type(raised.type()) + " (" + severity(raised.severity())
                    + ") — " + place(raised) + " " + MessageText.mapLink(raised.location()) + " — الرٹ "
                    + raised.alertId();
        }
        if (event instanceof UnitsAssigned assigned) {
            String prefix = prefix(alert != null && alert.drill());
            if (assigned.assignments().isEmpty()) {
                return prefix + "کوئی یونٹ دستیاب نہیں — الرٹ " + assigned.alertId();
            }
            String units = assigned.assignments().stream()
                    .map(assignment -> (assignment.callSign() == null ? assignment.unitId() : assignment.callSign())
                            + " (" + minutes(assignment.etaSeconds()) + " منٹ)")
                    .collect(Collectors.joining("، "));
            return prefix + "مدد روانہ ہے: " + units + " — الرٹ " + assigned.alertId();
        }
        if (event instanceof AlertCancelled cancelled) {
            return prefix(cancelled.drill()) + "قونصل خانے نے الرٹ منسوخ کر دیا — الرٹ " + cancelled.alertId();
        }
        if (event instanceof DuressSignalled duress) {
            return prefix(duress.drill()) + "دباؤ کا اشارہ (DURESS): الرٹ دباؤ والے PIN سے منسوخ کیا گیا۔ یونٹ جاری"
                    + " رکھیں، قونصل خانے سے کھلے عام رابطہ نہ کریں — الرٹ " + duress.alertId();
        }
        if (event instanceof AlertRepeatPressed repeat) {
            return prefix(repeat.drill()) + "SOS دوبارہ دبایا گیا (" + repeat.pressCount() + ") — الرٹ "
                    + repeat.alertId();
        }
        if (event instanceof AlertLocationUpdated moved) {
            return prefix(moved.drill()) + "نیا مقام: " + MessageText.mapLink(moved.location()) + " — الرٹ "
                    + moved.alertId();
        }
        return null;
    }

    private static String prefix(boolean drill) {
        return drill ? DRILL : "";
    }

    private static String place(AlertRaised alert) {
        String consulate = alert.consulateName() == null ? alert.consulateId() : alert.consulateName();
        return alert.premises() == null ? consulate : consulate + "، " + alert.premises();
    }

    private static int minutes(int seconds) {
        return Math.max(0, (seconds + 59) / 60);
    }

    static String type(AlertType type) {
        return switch (type) {
            case ARMED_ATTACK -> "مسلح حملہ";
            case BOMB_THREAT -> "بم کی دھمکی";
            case KIDNAPPING -> "اغوا";
            case INTRUSION -> "دراندازی";
            case MOB_OR_PROTEST -> "ہجوم یا احتجاج";
            case FIRE -> "آگ";
            case MEDICAL -> "طبی ایمرجنسی";
            case SUSPICIOUS_ACTIVITY -> "مشکوک سرگرمی";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    static String severity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "انتہائی سنگین";
            case HIGH -> "سنگین";
            case MEDIUM -> "درمیانہ";
            default -> "کم";
        };
    }
}
