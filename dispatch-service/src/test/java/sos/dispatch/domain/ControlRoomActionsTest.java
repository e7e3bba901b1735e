package sos.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sos.dispatch.domain.Fixtures.alert;
import static sos.dispatch.domain.Fixtures.north;
import static sos.dispatch.domain.Fixtures.police;
import static sos.dispatch.domain.Fixtures.rangers;

import java.util.List;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.AssignmentUpdated;
import sos.contracts.DuressSignalled;
import sos.contracts.SosEvent;
import sos.contracts.UnitsAssigned.Assignment;
import sos.testsupport.Karachi;

/** What the control-room board shows and does: open alerts, acknowledge for a unit, reassign, each with its reason. */
class ControlRoomActionsTest {

    private final List<FleetUnit> fleet = List.of(
            police("KHI-PL-CLF-01", Capability.PATROL_CAR, Karachi.CLIFTON),
            police("KHI-PL-CLF-02", Capability.PATROL_CAR, north(Karachi.CLIFTON, 1.0)),
            police("KHI-PL-SDR-01", Capability.PATROL_CAR, Karachi.SADDAR),
            rangers("KHI-RG-QRF-01", Capability.RANGERS_QRF, Karachi.CLIFTON));

    private final Dispatcher dispatcher =
            new Dispatcher(Fleet.of("test", fleet), Fixtures.selector(), Fixtures.CLOCK, DispatchSettings.defaults());

    @Test
    void shouldListAnOpenAlertWithItsUnitsAndTheirEtaUntilItIsResolved() {
        AlertRaised alert = alert(AlertType.MEDICAL, north(Karachi.CLIFTON, 2.0));
        String unit = first(dispatcher.dispatch(alert).decision().event().assignments());

        List<OpenAlert> open = dispatcher.openAlerts();

        assertThat(open).hasSize(1);
        OpenAlert shown = open.get(0);
        assertThat(shown.alertId()).isEqualTo(alert.alertId());
        assertThat(shown.raisedAt()).isEqualTo(alert.occurredAt());
        assertThat(shown.consulateName()).isEqualTo(alert.consulateName());
        assertThat(shown.units()).extracting(u -> u.state().unitId()).containsExactly(unit);
        assertThat(shown.units().get(0).etaSeconds()).isNotNull().isPositive();
        assertThat(shown.escalation()).isNull();

        dispatcher.resolve(alert.alertId(), "Operator Sana", "all safe");
        assertThat(dispatcher.openAlerts()).isEmpty();
    }

    @Test
    void shouldKeepAnAlertCancelledUnderDuressOnTheBoardMarkedAsDuress() {
        AlertRaised alert = alert(AlertType.INTRUSION, Karachi.CLIFTON);
        dispatcher.dispatch(alert);
        dispatcher.handle(new DuressSignalled(
                java.util.UUID.randomUUID(), Fixtures.CLOCK.instant(), alert.alertId(), alert.consulateId(), false));

        assertThat(dispatcher.openAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.escalation()).isEqualTo(Dispatcher.DURESS));
    }

    @Test
    void shouldRecordWhichOperatorAcknowledgedForAUnitByRadio() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        String unit = first(dispatcher.dispatch(alert).decision().event().assignments());

        List<SosEvent> events = dispatcher.acknowledge(unit, "Operator Sana").events();

        assertThat(dispatcher.unit(unit).acknowledged()).isTrue();
        assertThat(events)
                .filteredOn(AssignmentUpdated.class::isInstance)
                .map(e -> (AssignmentUpdated) e)
                .singleElement()
                .satisfies(u -> {
                    assertThat(u.change()).isEqualTo("ACKNOWLEDGED");
                    assertThat(u.reason()).contains(unit).contains("confirmed by radio to Operator Sana");
                });
    }

    @Test
    void shouldReassignAUnitToTheNextBestWithTheOperatorsReasonAndNeverSendItBackAutomatically() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        String unit = first(dispatcher.dispatch(alert).decision().event().assignments());

        List<SosEvent> events = dispatcher.reassign(alert.alertId(), unit, "Operator Sana", "flat tyre");

        AssignmentUpdated update = events.stream()
                .filter(AssignmentUpdated.class::isInstance)
                .map(AssignmentUpdated.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(update.change()).isEqualTo("REASSIGNED");
        assertThat(update.unitId()).isEqualTo(unit);
        assertThat(update.reason()).startsWith(unit + " reassigned by Operator Sana: flat tyre;");
        assertThat(update.replacement()).isNotNull();
        assertThat(update.replacement().unitId()).isNotEqualTo(unit);
        assertThat(dispatcher.unit(unit).isAvailable()).isTrue();
        assertThat(dispatcher.unitsOn(alert.alertId()))
                .containsExactly(update.replacement().unitId());

        assertThatThrownBy(() -> dispatcher.reassign(alert.alertId(), unit, "Operator Sana", "again"))
                .isInstanceOf(UnitNotOnAlertException.class);
    }

    private static String first(List<Assignment> assignments) {
        return assignments.get(0).unitId();
    }
}
