package sos.dispatch.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import sos.contracts.Agency;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;

/** Units, the default policy and alerts for the domain tests. */
final class Fixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:14:07Z"), ZoneOffset.UTC);

    private Fixtures() {}

    static FleetUnit police(String id, Capability capability, GeoPoint position) {
        return new FleetUnit(id, id + " call sign", Agency.POLICE, capability, id + " station", "South", position);
    }

    static FleetUnit rangers(String id, Capability capability, GeoPoint position) {
        return new FleetUnit(id, id + " call sign", Agency.RANGERS, capability, id + " post", "South", position);
    }

    static TravelTimes travelTimes() {
        Map<Capability, Double> speeds = new EnumMap<>(Capability.class);
        speeds.put(Capability.PATROL_CAR, 30.0);
        speeds.put(Capability.MOTORCYCLE, 35.0);
        speeds.put(Capability.QUICK_RESPONSE_FORCE, 30.0);
        speeds.put(Capability.BOMB_DISPOSAL, 25.0);
        speeds.put(Capability.RANGERS_QRF, 30.0);
        speeds.put(Capability.RANGERS_PATROL, 30.0);
        return new TravelTimes(1.4, speeds);
    }

    /** CRITICAL: 2 police (one a QRF if any) + 1 Rangers; HIGH: 1 + 1; MEDIUM, LOW: 1 police; bomb threat: + BDS. */
    static DispatchPolicy policy() {
        Map<Severity, List<Requirement>> rules = new EnumMap<>(Severity.class);
        rules.put(
                Severity.CRITICAL,
                List.of(
                        new Requirement(Agency.POLICE, 2, Capability.QUICK_RESPONSE_FORCE),
                        new Requirement(Agency.RANGERS, 1, null)));
        rules.put(
                Severity.HIGH,
                List.of(new Requirement(Agency.POLICE, 1, null), new Requirement(Agency.RANGERS, 1, null)));
        rules.put(Severity.MEDIUM, List.of(new Requirement(Agency.POLICE, 1, null)));
        rules.put(Severity.LOW, List.of(new Requirement(Agency.POLICE, 1, null)));
        return new DispatchPolicy(rules, Map.of(AlertType.BOMB_THREAT, Capability.BOMB_DISPOSAL));
    }

    static UnitSelector selector() {
        return new UnitSelector(policy(), travelTimes());
    }

    static Dispatcher dispatcher(List<FleetUnit> units) {
        return new Dispatcher(Fleet.of("test", units), selector(), CLOCK);
    }

    static AlertRaised alert(AlertType type, GeoPoint location) {
        return alert(type, location, false);
    }

    static AlertRaised alert(AlertType type, GeoPoint location, boolean drill) {
        return new AlertRaised(
                UUID.randomUUID(),
                CLOCK.instant(),
                UUID.randomUUID(),
                "consulate-de",
                "Consulate General of Germany (demo)",
                type,
                type.defaultSeverity(),
                location,
                15.0,
                null,
                null,
                drill);
    }

    /** A point {@code km} kilometres north of {@code from}. */
    static GeoPoint north(GeoPoint from, double km) {
        return new GeoPoint(from.lat() + km / 111.195, from.lon());
    }
}
