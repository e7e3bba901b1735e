package sos.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;
import sos.contracts.AlertEscalated;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.dispatch.domain.Capability;
import sos.dispatch.domain.DispatchPolicy;
import sos.dispatch.domain.Dispatcher;
import sos.dispatch.domain.Fleet;
import sos.dispatch.domain.FleetUnit;
import sos.dispatch.domain.Requirement;
import sos.dispatch.domain.TravelTimes;
import sos.dispatch.domain.UnitSelector;
import sos.dispatch.domain.UnitStatus;

class DispatchMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:14:07Z");
    private static final Map<Capability, Double> SPEEDS =
            java.util.Arrays.stream(Capability.values()).collect(java.util.stream.Collectors.toMap(c -> c, c -> 30.0));
    private static final GeoPoint CLIFTON = new GeoPoint(24.8138, 67.03);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Requirement one = new Requirement(Agency.POLICE, 1, null);
    private final Dispatcher dispatcher = new Dispatcher(
            Fleet.of(
                    "test",
                    List.of(
                            unit("police-silent", Agency.POLICE),
                            unit("police-fresh", Agency.POLICE),
                            unit("police-never-reported", Agency.POLICE),
                            unit("police-off-duty", Agency.POLICE),
                            unit("rangers-silent", Agency.RANGERS))),
            new UnitSelector(
                    new DispatchPolicy(
                            Map.of(
                                    Severity.CRITICAL, List.of(one),
                                    Severity.HIGH, List.of(one),
                                    Severity.MEDIUM, List.of(one),
                                    Severity.LOW, List.of(one)),
                            Map.of()),
                    new TravelTimes(1.4, SPEEDS)),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final DispatchMetrics metrics =
            new DispatchMetrics(registry, dispatcher, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    @Test
    void shouldCountTheUnitsInServiceWhoseLastPositionReportIsOlderThanTheSilenceLimitPerAgency() {
        report("police-silent", Duration.ofMinutes(6));
        report("police-fresh", Duration.ofMinutes(4));
        report("police-off-duty", Duration.ofMinutes(30));
        dispatcher.changeStatus("police-off-duty", UnitStatus.OUT_OF_SERVICE);
        report("rangers-silent", Duration.ofHours(2));

        assertThat(silent(Agency.POLICE)).isEqualTo(1);
        assertThat(silent(Agency.RANGERS)).isEqualTo(1);
    }

    @Test
    void shouldExposeEveryAgencyAtZeroWhenNoUnitIsSilent() {
        assertThat(silent(Agency.POLICE)).isZero();
        assertThat(silent(Agency.RANGERS)).isZero();
    }

    @Test
    void shouldCountEscalationsByCauseOnceTheBrokerHasThem() {
        assertThat(registry.find("sos.dispatch.escalations").counters())
                .as("every cause exposed from the start")
                .hasSize(DispatchMetrics.CAUSES.size())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());

        metrics.published(List.of(escalated(Dispatcher.NO_UNIT_AVAILABLE), escalated(Dispatcher.DURESS)));
        metrics.published(List.of(escalated(Dispatcher.NO_UNIT_AVAILABLE)));

        assertThat(escalations(Dispatcher.NO_UNIT_AVAILABLE)).isEqualTo(2);
        assertThat(escalations(Dispatcher.DURESS)).isEqualTo(1);
        assertThat(escalations(Dispatcher.REDISPATCH_FAILED)).isZero();
    }

    private double escalations(String cause) {
        return registry.get("sos.dispatch.escalations")
                .tag("cause", cause)
                .counter()
                .count();
    }

    private double silent(Agency agency) {
        return registry.get("sos.dispatch.units.silent")
                .tag("agency", agency.name())
                .gauge()
                .value();
    }

    private void report(String unitId, Duration ago) {
        dispatcher.reportPosition(unitId, CLIFTON, NOW.minus(ago), null, null);
    }

    private static AlertEscalated escalated(String cause) {
        return new AlertEscalated(UUID.randomUUID(), NOW, UUID.randomUUID(), cause, "test", List.of());
    }

    private static FleetUnit unit(String id, Agency agency) {
        return new FleetUnit(
                id,
                id,
                agency,
                agency == Agency.POLICE ? Capability.PATROL_CAR : Capability.RANGERS_PATROL,
                "station",
                "South",
                CLIFTON);
    }
}
