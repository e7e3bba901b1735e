package sos.ingest.domain.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;
import sos.contracts.AlertEscalated;
import sos.contracts.AlertResolved;
import sos.contracts.AssignmentUpdated;
import sos.contracts.GeoPoint;
import sos.contracts.UnitsAssigned;

class DispatchProgressTest {

    private static final Instant T = Instant.parse("2026-11-25T09:14:07Z");
    private final UUID alertId = UUID.randomUUID();
    private final DispatchProgress progress = new DispatchProgress(100);

    @Test
    void shouldFollowAnAlertFromUnitsAssignedToEnRouteOnSceneAndResolved() {
        assertThat(progress.of(alertId)).isEmpty();
        progress.apply(assigned("KHI-PL-CLF-01", "KHI-RG-QRF-01"));
        assertThat(stage()).isEqualTo("UNITS_ASSIGNED");
        assertThat(progress.of(alertId).orElseThrow().units())
                .extracting(DispatchProgress.Unit::callSign, DispatchProgress.Unit::etaSeconds)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Call KHI-PL-CLF-01", 480),
                        org.assertj.core.groups.Tuple.tuple("Call KHI-RG-QRF-01", 480));

        progress.apply(update("KHI-PL-CLF-01", "ACKNOWLEDGED", null));
        assertThat(stage()).isEqualTo("UNITS_ASSIGNED");
        progress.apply(update("KHI-PL-CLF-01", "EN_ROUTE", null));
        assertThat(stage()).isEqualTo("EN_ROUTE");
        progress.apply(update("KHI-RG-QRF-01", "ON_SCENE", null));
        assertThat(stage()).isEqualTo("ON_SCENE");
        progress.apply(new AlertResolved(UUID.randomUUID(), T, alertId, "Operator Sana", "all safe", List.of()));
        assertThat(stage()).isEqualTo("RESOLVED");
    }

    @Test
    void shouldShowTheReplacementOfAReassignedUnitAndNothingOfAnEscalation() {
        progress.apply(assigned("KHI-PL-CLF-01"));
        progress.apply(update("KHI-PL-CLF-01", "REASSIGNED", assignment("KHI-PL-CLF-02")));
        progress.apply(new AlertEscalated(
                UUID.randomUUID(), T, alertId, "DURESS", "duress PIN used", List.of("KHI-PL-CLF-02")));

        assertThat(progress.of(alertId).orElseThrow().units())
                .extracting(DispatchProgress.Unit::unitId, DispatchProgress.Unit::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("KHI-PL-CLF-01", "REPLACED"),
                        org.assertj.core.groups.Tuple.tuple("KHI-PL-CLF-02", "ASSIGNED"));
    }

    @Test
    void shouldIgnoreARedeliveredDecision() {
        UnitsAssigned decision = assigned("KHI-PL-CLF-01");
        progress.apply(decision);
        progress.apply(update("KHI-PL-CLF-01", "EN_ROUTE", null));
        progress.apply(decision);
        assertThat(stage()).isEqualTo("EN_ROUTE");
    }

    private String stage() {
        return progress.of(alertId).orElseThrow().stage();
    }

    private UnitsAssigned assigned(String... unitIds) {
        return new UnitsAssigned(
                UUID.randomUUID(),
                T,
                alertId,
                UUID.randomUUID(),
                unitIds.length,
                java.util.Arrays.stream(unitIds)
                        .map(DispatchProgressTest::assignment)
                        .toList());
    }

    private static UnitsAssigned.Assignment assignment(String unitId) {
        return new UnitsAssigned.Assignment(
                unitId,
                "Call " + unitId,
                unitId.contains("-RG-") ? Agency.RANGERS : Agency.POLICE,
                "PATROL_CAR",
                "station",
                new GeoPoint(24.81, 67.03),
                2.7,
                480);
    }

    private AssignmentUpdated update(String unitId, String change, UnitsAssigned.Assignment replacement) {
        return new AssignmentUpdated(
                UUID.randomUUID(), T.plusSeconds(30), alertId, unitId, change, "reason", replacement, List.of());
    }
}
