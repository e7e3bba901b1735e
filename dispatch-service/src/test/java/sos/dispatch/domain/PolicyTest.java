package sos.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static sos.dispatch.domain.Fixtures.north;
import static sos.dispatch.domain.Fixtures.police;
import static sos.dispatch.domain.Fixtures.rangers;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;
import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned.Assignment;
import sos.testsupport.Karachi;

/** Rules per alert type and for drills replace the severity rule. */
class PolicyTest {

    private final List<FleetUnit> fleet = List.of(
            police("KHI-PL-CLF-01", Capability.PATROL_CAR, Karachi.CLIFTON),
            police("KHI-PL-CLF-02", Capability.PATROL_CAR, north(Karachi.CLIFTON, 0.5)),
            police("KHI-PL-QRF-01", Capability.QUICK_RESPONSE_FORCE, Karachi.SADDAR),
            rangers("KHI-RG-PTL-01", Capability.RANGERS_PATROL, Karachi.CLIFTON),
            rangers("KHI-RG-QRF-01", Capability.RANGERS_QRF, Karachi.KORANGI));

    private final UnitSelector selector = new UnitSelector(policy(), Fixtures.travelTimes());

    private static DispatchPolicy policy() {
        Map<AlertType, List<Requirement>> byType = new EnumMap<>(AlertType.class);
        byType.put(
                AlertType.ARMED_ATTACK,
                List.of(
                        new Requirement(Agency.POLICE, 2, Capability.QUICK_RESPONSE_FORCE),
                        new Requirement(Agency.RANGERS, 1, Capability.RANGERS_QRF)));
        Map<Severity, List<Requirement>> bySeverity = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity, List.of(new Requirement(Agency.POLICE, 1, null)));
        }
        return new DispatchPolicy(bySeverity, Map.of(), byType, List.of(new Requirement(Agency.POLICE, 1, null)));
    }

    @Test
    void shouldSendTheNearestPoliceWithAQrfAndTheNearestRangersQrfToAnArmedAttack() {
        List<Assignment> sent = selector.select(
                AlertType.ARMED_ATTACK,
                Severity.CRITICAL,
                false,
                Karachi.CLIFTON,
                new BruteForceCandidates(fleet, Fixtures.travelTimes()));

        assertThat(sent)
                .extracting(Assignment::unitId)
                .containsExactlyInAnyOrder("KHI-PL-CLF-01", "KHI-PL-QRF-01", "KHI-RG-QRF-01");
        assertThat(selector.requested(AlertType.ARMED_ATTACK, Severity.CRITICAL, false))
                .isEqualTo(3);
    }

    @Test
    void shouldFollowTheDrillRuleForADrillAndTheSeverityRuleForOtherTypes() {
        Candidates all = new BruteForceCandidates(fleet, Fixtures.travelTimes());

        assertThat(selector.select(AlertType.ARMED_ATTACK, Severity.CRITICAL, true, Karachi.CLIFTON, all))
                .extracting(Assignment::unitId)
                .containsExactly("KHI-PL-CLF-01");
        assertThat(selector.select(AlertType.INTRUSION, Severity.CRITICAL, false, Karachi.CLIFTON, all))
                .extracting(Assignment::unitId)
                .containsExactly("KHI-PL-CLF-01");
    }
}
