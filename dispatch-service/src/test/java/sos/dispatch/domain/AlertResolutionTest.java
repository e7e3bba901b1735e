package sos.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sos.dispatch.domain.Fixtures.alert;
import static sos.dispatch.domain.Fixtures.north;
import static sos.dispatch.domain.Fixtures.police;
import static sos.dispatch.domain.Fixtures.rangers;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertResolved;
import sos.contracts.AlertType;
import sos.contracts.DispatchEvent;
import sos.contracts.SosEvent;
import sos.contracts.UnitStateChanged;
import sos.contracts.UnitsAssigned.Assignment;
import sos.testsupport.Karachi;
import sos.testsupport.MutableClock;

/** An alert is resolved once: by the control room, or when every unit sent to it has cleared. */
class AlertResolutionTest {

    private final List<FleetUnit> fleet = List.of(
            police("KHI-PL-CLF-01", Capability.PATROL_CAR, Karachi.CLIFTON),
            police("KHI-PL-CLF-02", Capability.PATROL_CAR, north(Karachi.CLIFTON, 1.0)),
            police("KHI-PL-SDR-01", Capability.PATROL_CAR, Karachi.SADDAR),
            police("KHI-PL-QRF-01", Capability.QUICK_RESPONSE_FORCE, Karachi.SADDAR),
            rangers("KHI-RG-QRF-01", Capability.RANGERS_QRF, Karachi.CLIFTON));

    private final MutableClock clock = new MutableClock(Fixtures.CLOCK.instant());
    private final Dispatcher dispatcher = newDispatcher();

    private Dispatcher newDispatcher() {
        return new Dispatcher(Fleet.of("test", fleet), Fixtures.selector(), clock, DispatchSettings.defaults());
    }

    @Test
    void shouldResolveOnceWhenTheControlRoomResolvesAndReleaseTheUnitsStillOut() {
        AlertRaised alert = alert(AlertType.ARMED_ATTACK, Karachi.CLIFTON);
        List<String> sent =
                unitIds(dispatcher.dispatch(alert).decision().event().assignments());
        assertThat(sent).hasSize(3);
        dispatcher.changeStatus(sent.get(0), UnitStatus.EN_ROUTE);

        Resolution resolution = dispatcher.resolve(alert.alertId(), "Operator Sana", "false alarm confirmed");

        assertThat(resolution.alreadyResolved()).isFalse();
        AlertResolved resolved = resolution.resolved();
        assertThat(resolution.events().get(0)).isEqualTo(resolved);
        assertThat(resolved.eventId()).isEqualTo(Dispatcher.resolutionIdFor(alert.alertId()));
        assertThat(resolved.resolvedBy()).isEqualTo("Operator Sana");
        assertThat(resolved.reason()).isEqualTo("false alarm confirmed");
        assertThat(resolved.unitIds()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(stateEvents(resolution.events()))
                .extracting(UnitStateChanged::status)
                .containsOnly("AVAILABLE")
                .hasSize(3);
        sent.forEach(unit -> assertThat(dispatcher.unit(unit).isAvailable()).isTrue());
        assertThat(dispatcher.unitsOn(alert.alertId())).isEmpty();

        Resolution again = dispatcher.resolve(alert.alertId(), "Operator Imran", "again");
        assertThat(again.alreadyResolved()).isTrue();
        assertThat(again.events()).as("a repeat publishes nothing").isEmpty();
        assertThat(again.resolved()).isEqualTo(resolved);
    }

    @Test
    void shouldResolveAutomaticallyWhenTheLastUnitSentClearsAfterBeingOnScene() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        String unit = unitIds(dispatcher.dispatch(alert).decision().event().assignments())
                .get(0);
        dispatcher.changeStatus(unit, UnitStatus.EN_ROUTE);
        dispatcher.changeStatus(unit, UnitStatus.ON_SCENE);

        List<SosEvent> cleared =
                dispatcher.changeStatus(unit, UnitStatus.AVAILABLE).events();

        List<AlertResolved> resolutions = resolutions(cleared);
        assertThat(resolutions).hasSize(1);
        AlertResolved resolved = resolutions.get(0);
        assertThat(resolved.resolvedBy()).isEqualTo(Dispatcher.RESOLVED_BY_DISPATCH);
        assertThat(resolved.reason()).contains("all units cleared", unit);
        assertThat(resolved.unitIds()).as("nothing left to release").isEmpty();
        assertThat(dispatcher.resolutionOf(alert.alertId())).contains(resolved);
        assertThat(dispatcher.resolve(alert.alertId(), "Operator Sana", "done").alreadyResolved())
                .isTrue();
    }

    @Test
    void shouldNotResolveWhileAnotherUnitSentIsStillOut() {
        AlertRaised alert = alert(AlertType.ARMED_ATTACK, Karachi.CLIFTON);
        List<String> sent =
                unitIds(dispatcher.dispatch(alert).decision().event().assignments());
        dispatcher.changeStatus(sent.get(0), UnitStatus.ON_SCENE);

        for (String unit : sent.subList(0, sent.size() - 1)) {
            assertThat(resolutions(
                            dispatcher.changeStatus(unit, UnitStatus.AVAILABLE).events()))
                    .isEmpty();
        }
        assertThat(dispatcher.resolutionOf(alert.alertId())).isEmpty();
        assertThat(resolutions(dispatcher
                        .changeStatus(sent.get(sent.size() - 1), UnitStatus.AVAILABLE)
                        .events()))
                .hasSize(1);
    }

    @Test
    void shouldLeaveTheAlertOpenWhenItsUnitsClearWithoutAnyHavingReachedTheScene() {
        AlertRaised alert = alert(AlertType.MOB_OR_PROTEST, Karachi.CLIFTON);
        List<String> sent =
                unitIds(dispatcher.dispatch(alert).decision().event().assignments());
        assertThat(sent).hasSize(2);
        dispatcher.changeStatus(sent.get(0), UnitStatus.EN_ROUTE);

        for (String unit : sent) {
            assertThat(resolutions(
                            dispatcher.changeStatus(unit, UnitStatus.AVAILABLE).events()))
                    .isEmpty();
        }

        assertThat(dispatcher.resolutionOf(alert.alertId()))
                .as("left for the control room")
                .isEmpty();
        assertThat(dispatcher
                        .resolve(alert.alertId(), "Operator Sana", "units turned back: handled by the guards")
                        .alreadyResolved())
                .isFalse();
    }

    @Test
    void shouldTakeNoMoreRedispatchDeadlinesOrProposalsOnceResolved() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        dispatcher.dispatch(alert);
        dispatcher.resolve(alert.alertId(), "Operator Sana", "handled by the consulate's own guards");

        clock.advance(Duration.ofMinutes(10));
        assertThat(dispatcher.expireDeadlines()).as("no deadline left").isEmpty();
        List<SosEvent> moved = dispatcher.handle(new AlertLocationUpdated(
                UUID.randomUUID(), clock.instant(), alert.alertId(), "consulate-de", Karachi.KORANGI, 10.0, false));
        assertThat(moved).as("no proposal for a resolved alert").isEmpty();
        assertThat(dispatcher.dispatch(alert).redelivery())
                .as("the raise redelivered")
                .isTrue();
        assertThat(dispatcher.units()).allMatch(UnitState::isAvailable);
    }

    @Test
    void shouldRefuseToResolveAnAlertItNeverHeardOf() {
        assertThatThrownBy(() -> dispatcher.resolve(UUID.randomUUID(), "Operator Sana", "?"))
                .isInstanceOf(UnknownAlertException.class);
    }

    @Test
    void shouldNeverResolveTwiceAfterARebuildFromItsOwnEvents() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        List<SosEvent> log =
                new java.util.ArrayList<>(dispatcher.dispatch(alert).events());
        String unit = unitIds(dispatcher
                        .decisionFor(alert.alertId())
                        .orElseThrow()
                        .event()
                        .assignments())
                .get(0);
        log.addAll(dispatcher.changeStatus(unit, UnitStatus.ON_SCENE).events());
        log.addAll(dispatcher.changeStatus(unit, UnitStatus.AVAILABLE).events());

        Dispatcher restarted = newDispatcher();
        restarted.restoreAlert(alert);
        log.stream()
                .filter(UnitStateChanged.class::isInstance)
                .forEach(e -> restarted.restoreUnit((UnitStateChanged) e));
        log.stream().filter(DispatchEvent.class::isInstance).forEach(e -> restarted.restoreDecision((DispatchEvent) e));
        // the instance's own events read back change nothing either
        log.stream()
                .filter(DispatchEvent.class::isInstance)
                .forEach(e -> dispatcher.restoreDecision((DispatchEvent) e));

        assertThat(restarted.reconcile()).isEmpty();
        assertThat(restarted.resolutionOf(alert.alertId())).isEqualTo(dispatcher.resolutionOf(alert.alertId()));
        Resolution again = restarted.resolve(alert.alertId(), "Operator Sana", "again");
        assertThat(again.alreadyResolved()).isTrue();
        assertThat(again.events()).isEmpty();
        assertThat(dispatcher.resolve(alert.alertId(), "Operator Sana", "again").events())
                .isEmpty();
    }

    private static List<String> unitIds(List<Assignment> assignments) {
        return assignments.stream().map(Assignment::unitId).toList();
    }

    private static List<AlertResolved> resolutions(List<SosEvent> events) {
        return events.stream()
                .filter(AlertResolved.class::isInstance)
                .map(AlertResolved.class::cast)
                .toList();
    }

    private static List<UnitStateChanged> stateEvents(List<SosEvent> events) {
        return events.stream()
                .filter(UnitStateChanged.class::isInstance)
                .map(UnitStateChanged.class::cast)
                .toList();
    }
}
