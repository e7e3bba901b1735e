package sos.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import sos.contracts.Agency;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AlertResolved;
import sos.contracts.AlertType;
import sos.contracts.AssignmentUpdated;
import sos.contracts.DuressSignalled;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned;
import sos.testsupport.Karachi;

/** Events for tests, with fresh ids. */
public final class Alerts {

    public static final Instant AT = Instant.parse("2026-11-25T09:14:07.123Z");

    private Alerts() {}

    public static AlertRaised raised(String consulateId, AlertType type, Severity severity, boolean drill) {
        return new AlertRaised(
                UUID.randomUUID(),
                AT,
                UUID.randomUUID(),
                consulateId,
                consulateName(consulateId),
                type,
                severity,
                Karachi.CLIFTON,
                15.0,
                "Chancery, Clifton Block 4",
                "gunfire at the main gate",
                drill);
    }

    public static AlertRaised raisedAt(String consulateId, AlertType type, GeoPoint location, boolean drill) {
        AlertRaised alert = raised(consulateId, type, type.defaultSeverity(), drill);
        return new AlertRaised(
                alert.eventId(),
                alert.occurredAt(),
                alert.alertId(),
                consulateId,
                alert.consulateName(),
                type,
                alert.severity(),
                location,
                alert.accuracyMeters(),
                alert.premises(),
                alert.description(),
                drill);
    }

    public static AlertRaised raised(String consulateId, AlertType type) {
        return raised(consulateId, type, type.defaultSeverity(), false);
    }

    public static UnitsAssigned assigned(AlertRaised alert) {
        return assigned(alert.alertId(), alert.eventId());
    }

    public static UnitsAssigned assigned(UUID alertId, UUID alertEventId) {
        return new UnitsAssigned(
                UUID.randomUUID(),
                AT.plusMillis(40),
                alertId,
                alertEventId,
                2,
                List.of(
                        new UnitsAssigned.Assignment(
                                "KHI-PL-CLF-01",
                                "Clifton Mobile 1",
                                Agency.POLICE,
                                "PATROL_CAR",
                                "Boat Basin Police Station",
                                Karachi.CLIFTON,
                                0.46,
                                55),
                        new UnitsAssigned.Assignment(
                                "KHI-RG-QRF-02",
                                "Rangers QRF 2",
                                Agency.RANGERS,
                                "RANGERS_QRF",
                                "Rangers HQ Jinnah Courts",
                                Karachi.SADDAR,
                                4.4,
                                396)));
    }

    /** A unit's progress on an alert: {@code EN_ROUTE}, {@code ON_SCENE}, ... */
    public static AssignmentUpdated unitChanged(AlertRaised alert, String unitId, String change) {
        return new AssignmentUpdated(
                UUID.randomUUID(),
                AT.plusSeconds(90),
                alert.alertId(),
                unitId,
                change,
                "reported by the unit",
                null,
                null);
    }

    public static AlertResolved resolved(AlertRaised alert) {
        return new AlertResolved(
                UUID.randomUUID(),
                AT.plusSeconds(1800),
                alert.alertId(),
                "Madadgar 15 duty officer",
                "all units cleared",
                List.of("KHI-PL-CLF-01"));
    }

    public static AlertCancelled cancelled(AlertRaised alert) {
        return new AlertCancelled(
                UUID.randomUUID(), AT.plusSeconds(30), alert.alertId(), alert.consulateId(), null, alert.drill());
    }

    public static DuressSignalled duress(AlertRaised alert) {
        return new DuressSignalled(
                UUID.randomUUID(), AT.plusSeconds(30), alert.alertId(), alert.consulateId(), alert.drill());
    }

    public static AlertRepeatPressed repeatPressed(AlertRaised alert) {
        return new AlertRepeatPressed(
                UUID.randomUUID(),
                AT.plusSeconds(10),
                alert.alertId(),
                alert.consulateId(),
                alert.type(),
                alert.location(),
                2,
                alert.drill());
    }

    public static AlertLocationUpdated moved(AlertRaised alert, GeoPoint to) {
        return new AlertLocationUpdated(
                UUID.randomUUID(), AT.plusSeconds(20), alert.alertId(), alert.consulateId(), to, 10.0, alert.drill());
    }

    private static String consulateName(String consulateId) {
        return switch (consulateId) {
            case "consulate-de" -> "Consulate General of Germany (demo)";
            case "consulate-jp" -> "Consulate General of Japan (demo)";
            case "consulate-tr" -> "Consulate General of Turkey (demo)";
            default -> null;
        };
    }
}
