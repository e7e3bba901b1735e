package sos.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import sos.contracts.Agency;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
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

    private static String consulateName(String consulateId) {
        return switch (consulateId) {
            case "consulate-de" -> "Consulate General of Germany (demo)";
            case "consulate-jp" -> "Consulate General of Japan (demo)";
            case "consulate-tr" -> "Consulate General of Turkey (demo)";
            default -> null;
        };
    }
}
