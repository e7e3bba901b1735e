package sos.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One instance of every event, with fixed values, matching the golden files under resources/golden. */
final class EventFixtures {

    static final UUID ALERT_ID = UUID.fromString("0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d");
    static final UUID RAISED_ID = UUID.fromString("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed");
    static final Instant AT = Instant.parse("2026-11-25T09:14:07.123Z");

    static final AlertRaised ALERT_RAISED = new AlertRaised(
            RAISED_ID,
            AT,
            ALERT_ID,
            "consulate-de",
            "Consulate General of Germany (demo)",
            AlertType.ARMED_ATTACK,
            Severity.CRITICAL,
            new GeoPoint(24.8138, 67.03),
            15.0,
            "Chancery, Clifton Block 4",
            "gunfire at the main gate",
            false,
            "South");

    static final AlertRejected ALERT_REJECTED = new AlertRejected(
            UUID.fromString("6f1c8a52-0d7e-4d0b-8a51-2f6a4a0f9e11"),
            AT,
            "consulate-de",
            "de-2026-1",
            422,
            "https://sos.karachi.example/problems/validation",
            "location.lat: must be within [-90, 90]");

    private static final UnitsAssigned.Assignment CLIFTON_MOBILE = new UnitsAssigned.Assignment(
            "KHI-PL-CLF-01",
            "Clifton Mobile 1",
            Agency.POLICE,
            "PATROL_CAR",
            "Boat Basin Police Station",
            new GeoPoint(24.8175, 67.0282),
            0.46,
            55);

    private static final UnitsAssigned.Assignment SADDAR_MOBILE = new UnitsAssigned.Assignment(
            "KHI-PL-SDR-03",
            "Saddar Mobile 3",
            Agency.POLICE,
            "PATROL_CAR",
            "Preedy Police Station",
            new GeoPoint(24.8607, 67.0271),
            5.2,
            312);

    private static final UnitsAssigned.Assignment RANGERS_QRF = new UnitsAssigned.Assignment(
            "KHI-RG-QRF-02",
            "Rangers QRF 2",
            Agency.RANGERS,
            "RANGERS_QRF",
            "Rangers HQ Jinnah Courts",
            new GeoPoint(24.8521, 67.0163),
            4.4,
            396);

    static final UnitsAssigned UNITS_ASSIGNED = new UnitsAssigned(
            UUID.fromString("a3f5b1c2-4d6e-4f80-9a1b-2c3d4e5f6a7b"),
            AT.plusMillis(40),
            ALERT_ID,
            RAISED_ID,
            2,
            List.of(CLIFTON_MOBILE, RANGERS_QRF),
            List.of(CLIFTON_MOBILE, SADDAR_MOBILE, RANGERS_QRF));

    static final NotificationSent NOTIFICATION_SENT = new NotificationSent(
            UUID.fromString("c4d5e6f7-0819-4a2b-8c3d-4e5f60718293"),
            AT.plusMillis(75),
            ALERT_ID,
            RAISED_ID,
            "AlertRaised",
            "police-control-room",
            "webhook",
            1,
            204);

    static final NotificationFailed NOTIFICATION_FAILED = new NotificationFailed(
            UUID.fromString("d5e6f708-192a-4b3c-9d4e-5f6071829304"),
            AT.plusMillis(9000),
            ALERT_ID,
            RAISED_ID,
            "AlertRaised",
            "rangers-ops-room",
            "webhook",
            3,
            "HTTP 503 from recipient");

    static final AlertLocationUpdated ALERT_LOCATION_UPDATED = new AlertLocationUpdated(
            UUID.fromString("e6f70819-2a3b-4c4d-8e5f-607182930415"),
            AT.plusSeconds(60),
            ALERT_ID,
            "consulate-de",
            new GeoPoint(24.8301, 67.0402),
            25.0,
            false);

    static final AlertRepeatPressed ALERT_REPEAT_PRESSED = new AlertRepeatPressed(
            UUID.fromString("f708192a-3b4c-4d5e-9f60-718293041526"),
            AT.plusSeconds(20),
            ALERT_ID,
            "consulate-de",
            AlertType.ARMED_ATTACK,
            new GeoPoint(24.8138, 67.03),
            2,
            false);

    static final AlertCancelled ALERT_CANCELLED = new AlertCancelled(
            UUID.fromString("08192a3b-4c5d-4e6f-8071-829304152637"),
            AT.plusSeconds(300),
            ALERT_ID,
            "consulate-de",
            "false alarm: a guard leaned on the button",
            false);

    static final DuressSignalled DURESS_SIGNALLED = new DuressSignalled(
            UUID.fromString("192a3b4c-5d6e-4f70-9182-930415263748"),
            AT.plusSeconds(300),
            ALERT_ID,
            "consulate-de",
            false);

    /** golden file name -> event */
    static final Map<String, SosEvent> ALL = Map.ofEntries(
            Map.entry("AlertLocationUpdated.json", ALERT_LOCATION_UPDATED),
            Map.entry("AlertRepeatPressed.json", ALERT_REPEAT_PRESSED),
            Map.entry("AlertCancelled.json", ALERT_CANCELLED),
            Map.entry("DuressSignalled.json", DURESS_SIGNALLED),
            Map.entry("AlertRaised.json", ALERT_RAISED),
            Map.entry("AlertRejected.json", ALERT_REJECTED),
            Map.entry("UnitsAssigned.json", UNITS_ASSIGNED),
            Map.entry("NotificationSent.json", NOTIFICATION_SENT),
            Map.entry("NotificationFailed.json", NOTIFICATION_FAILED));

    private EventFixtures() {}
}
