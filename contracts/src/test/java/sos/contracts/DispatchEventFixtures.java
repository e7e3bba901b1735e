package sos.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Golden-file fixtures for the events dispatch-service adds to the contract: golden file name -> event, each
 * file under resources/golden. {@link WireFormatTest} checks them with all the others.
 */
final class DispatchEventFixtures {

    private static final UUID ALERT_ID = EventFixtures.ALERT_ID;
    private static final Instant AT = EventFixtures.AT;

    private static final UnitsAssigned.Assignment CLIFTON_MOBILE = new UnitsAssigned.Assignment(
            "KHI-PL-CLF-01",
            "Clifton Mobile 1",
            Agency.POLICE,
            "PATROL_CAR",
            "Boat Basin Police Station",
            new GeoPoint(24.8175, 67.0282),
            0.46,
            55);

    private static final UnitsAssigned.Assignment CLIFTON_QRF = new UnitsAssigned.Assignment(
            "KHI-PL-QRF-01",
            "Clifton QRF",
            Agency.POLICE,
            "QUICK_RESPONSE_FORCE",
            "Clifton Police Station",
            new GeoPoint(24.8236, 67.0339),
            1.2,
            144);

    static final UnitsStoodDown UNITS_STOOD_DOWN = new UnitsStoodDown(
            UUID.fromString("2a3b4c5d-6e7f-4081-9293-a4b5c6d7e8f9"),
            AT.plusSeconds(301),
            ALERT_ID,
            List.of("KHI-PL-CLF-01", "KHI-RG-QRF-02"),
            "alert cancelled by consulate-de: false alarm: a guard leaned on the button");

    static final AlertEscalated ALERT_ESCALATED = new AlertEscalated(
            UUID.fromString("3b4c5d6e-7f80-4192-a3b4-c5d6e7f8091a"),
            AT.plusSeconds(301),
            ALERT_ID,
            "DURESS",
            "duress PIN used at consulate-de: units keep going",
            List.of("KHI-PL-CLF-01", "KHI-RG-QRF-02"));

    static final BetterUnitProposed BETTER_UNIT_PROPOSED = new BetterUnitProposed(
            UUID.fromString("4c5d6e7f-8091-42a3-b4c5-d6e7f8091a2b"),
            AT.plusSeconds(61),
            ALERT_ID,
            new GeoPoint(24.8301, 67.0402),
            "KHI-PL-CLF-01",
            210,
            CLIFTON_QRF,
            List.of(CLIFTON_QRF),
            "alert moved: KHI-PL-QRF-01 arrives in 144 s, KHI-PL-CLF-01 (en route) in 210 s");

    static final AssignmentUpdated ASSIGNMENT_UPDATED = new AssignmentUpdated(
            UUID.fromString("5d6e7f80-91a2-43b4-85d6-e7f8091a2b3c"),
            AT.plusSeconds(91),
            ALERT_ID,
            "KHI-PL-CLF-02",
            "REASSIGNED",
            "KHI-PL-CLF-02 did not acknowledge within 90 s",
            CLIFTON_MOBILE,
            List.of(CLIFTON_MOBILE));

    static final AlertResolved ALERT_RESOLVED = new AlertResolved(
            UUID.fromString("7f8091a2-b3c4-45d6-a7f8-091a2b3c4d5e"),
            AT.plusSeconds(1800),
            ALERT_ID,
            "dispatch-service",
            "all units cleared",
            List.of());

    static final UnitStateChanged UNIT_STATE_CHANGED = new UnitStateChanged(
            UUID.fromString("6e7f8091-a2b3-44c5-96e7-f8091a2b3c4d"),
            AT.plusMillis(40),
            "KHI-PL-CLF-01",
            "Clifton Mobile 1",
            Agency.POLICE,
            "PATROL_CAR",
            "Boat Basin Police Station",
            "South",
            new GeoPoint(24.8175, 67.0282),
            AT.minusSeconds(5),
            270.0,
            12.5,
            "DISPATCHED",
            ALERT_ID,
            AT.plusSeconds(90),
            false,
            "dispatched to alert 0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d",
            7);

    static final Map<String, SosEvent> ALL = Map.of(
            "UnitsStoodDown.json", UNITS_STOOD_DOWN,
            "AlertEscalated.json", ALERT_ESCALATED,
            "BetterUnitProposed.json", BETTER_UNIT_PROPOSED,
            "AssignmentUpdated.json", ASSIGNMENT_UPDATED,
            "AlertResolved.json", ALERT_RESOLVED,
            "UnitStateChanged.json", UNIT_STATE_CHANGED);

    private DispatchEventFixtures() {}
}
