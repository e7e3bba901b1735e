package sos.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sos.dispatch.domain.Fixtures.alert;
import static sos.dispatch.domain.Fixtures.north;
import static sos.dispatch.domain.Fixtures.police;
import static sos.dispatch.domain.Fixtures.rangers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertEscalated;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AlertType;
import sos.contracts.AssignmentUpdated;
import sos.contracts.BetterUnitProposed;
import sos.contracts.DispatchEvent;
import sos.contracts.DuressSignalled;
import sos.contracts.SosEvent;
import sos.contracts.UnitStateChanged;
import sos.contracts.UnitsAssigned;
import sos.contracts.UnitsAssigned.Assignment;
import sos.contracts.UnitsStoodDown;
import sos.testsupport.Karachi;
import sos.testsupport.MutableClock;

/** Cancel, duress, a moving alert, repeat presses, deadlines, stale positions, status rules and a rebuild. */
class AlertLifecycleTest {

    private final List<FleetUnit> fleet = List.of(
            police("KHI-PL-CLF-01", Capability.PATROL_CAR, Karachi.CLIFTON),
            police("KHI-PL-CLF-02", Capability.PATROL_CAR, north(Karachi.CLIFTON, 1.0)),
            police("KHI-PL-SDR-01", Capability.PATROL_CAR, Karachi.SADDAR),
            police("KHI-PL-KOR-01", Capability.PATROL_CAR, Karachi.KORANGI),
            police("KHI-PL-QRF-01", Capability.QUICK_RESPONSE_FORCE, Karachi.SADDAR),
            rangers("KHI-RG-QRF-01", Capability.RANGERS_QRF, Karachi.CLIFTON));

    private final MutableClock clock = new MutableClock(Fixtures.CLOCK.instant());
    private final Dispatcher dispatcher = dispatcher(clock);

    private Dispatcher dispatcher(MutableClock clock) {
        return new Dispatcher(Fleet.of("test", fleet), Fixtures.selector(), clock, DispatchSettings.defaults());
    }

    @Test
    void shouldStandDownEveryUnitOfACancelledAlertWithTheReason() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        String unit = dispatcher
                .dispatch(alert)
                .decision()
                .event()
                .assignments()
                .get(0)
                .unitId();
        AlertCancelled cancel = new AlertCancelled(
                UUID.randomUUID(), clock.instant(), alert.alertId(), "consulate-de", "false alarm", false);

        List<SosEvent> events = dispatcher.handle(cancel);

        UnitsStoodDown stoodDown = only(events, UnitsStoodDown.class);
        assertThat(stoodDown.unitIds()).containsExactly(unit);
        assertThat(stoodDown.reason()).contains("cancelled", "false alarm");
        assertThat(only(events, UnitStateChanged.class).status()).isEqualTo("AVAILABLE");
        assertThat(dispatcher.unit(unit).isAvailable()).isTrue();
        assertThat(dispatcher.handle(cancel)).as("a redelivered cancel").isEqualTo(events);
        assertThat(dispatcher.dispatch(alert).redelivery())
                .as("the raise redelivered after the cancel")
                .isTrue();
        assertThat(dispatcher.unit(unit).isAvailable()).isTrue();
    }

    @Test
    void shouldEscalateOnDuressAndKeepTheUnitsGoing() {
        AlertRaised alert = alert(AlertType.ARMED_ATTACK, Karachi.CLIFTON);
        List<String> sent = unitIds(dispatcher.dispatch(alert).decision().event());

        List<SosEvent> events = dispatcher.handle(
                new DuressSignalled(UUID.randomUUID(), clock.instant(), alert.alertId(), "consulate-de", false));

        AlertEscalated escalated = only(events, AlertEscalated.class);
        assertThat(escalated.cause()).isEqualTo(Dispatcher.DURESS);
        assertThat(escalated.unitIds()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(escalated.reason()).contains("duress", "keep going");
        assertThat(events).noneMatch(UnitStateChanged.class::isInstance);
        assertThat(sent)
                .allSatisfy(unit -> assertThat(dispatcher.unit(unit).status()).isEqualTo(UnitStatus.DISPATCHED));
    }

    @Test
    void shouldProposeASoonerUnitWhenTheAlertMovesWithoutSwappingTheUnitEnRoute() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        dispatcher.dispatch(alert);
        dispatcher.changeStatus("KHI-PL-CLF-01", UnitStatus.EN_ROUTE);
        AlertLocationUpdated moved = new AlertLocationUpdated(
                UUID.randomUUID(), clock.instant(), alert.alertId(), "consulate-de", Karachi.KORANGI, 20.0, false);

        List<SosEvent> events = dispatcher.handle(moved);

        BetterUnitProposed proposal = only(events, BetterUnitProposed.class);
        assertThat(proposal.currentUnitId()).isEqualTo("KHI-PL-CLF-01");
        assertThat(proposal.proposed().unitId()).isEqualTo("KHI-PL-KOR-01");
        assertThat(proposal.proposed().etaSeconds()).isLessThan(proposal.currentEtaSeconds());
        assertThat(proposal.candidates()).extracting(Assignment::etaSeconds).isSorted();
        assertThat(dispatcher.unit("KHI-PL-CLF-01").status()).isEqualTo(UnitStatus.EN_ROUTE);
        assertThat(dispatcher.unit("KHI-PL-KOR-01").isAvailable()).isTrue();
        assertThat(dispatcher.currentDispatch("KHI-PL-CLF-01").orElseThrow().location())
                .isEqualTo(Karachi.KORANGI);
    }

    @Test
    void shouldProposeNothingWhenTheAlertMovesOnlyALittle() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        dispatcher.dispatch(alert);

        List<SosEvent> events = dispatcher.handle(new AlertLocationUpdated(
                UUID.randomUUID(),
                clock.instant(),
                alert.alertId(),
                "consulate-de",
                north(Karachi.CLIFTON, 0.2),
                20.0,
                false));

        assertThat(events).isEmpty();
    }

    @Test
    void shouldNoteARepeatPressWithoutDispatchingAgain() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        dispatcher.dispatch(alert);
        List<UnitState> before = dispatcher.units();

        List<SosEvent> events = dispatcher.handle(new AlertRepeatPressed(
                UUID.randomUUID(), clock.instant(), alert.alertId(), "consulate-de", alert.type(), null, 2, false));

        assertThat(events).isEmpty();
        assertThat(dispatcher.units()).isEqualTo(before);
    }

    @Test
    void shouldEscalateWhenNoUnitIsAvailable() {
        for (FleetUnit unit : fleet) {
            dispatcher.changeStatus(unit.unitId(), UnitStatus.OUT_OF_SERVICE);
        }

        DispatchOutcome outcome = dispatcher.dispatch(alert(AlertType.MEDICAL, Karachi.CLIFTON));

        assertThat(outcome.decision().event().assignments()).isEmpty();
        assertThat(only(outcome.events(), AlertEscalated.class).cause()).isEqualTo(Dispatcher.NO_UNIT_AVAILABLE);
    }

    @Test
    void shouldLeaveOutAUnitWhosePositionIsStale() {
        dispatcher.reportPosition("KHI-PL-CLF-01", Karachi.CLIFTON, clock.instant(), 90.0, 10.0);
        clock.advance(Duration.ofMinutes(10));
        dispatcher.reportPosition("KHI-PL-CLF-02", north(Karachi.CLIFTON, 1.0), clock.instant(), null, null);

        UnitsAssigned event = dispatcher
                .dispatch(alert(AlertType.MEDICAL, Karachi.CLIFTON))
                .decision()
                .event();

        assertThat(unitIds(event)).containsExactly("KHI-PL-CLF-02");
    }

    @Test
    void shouldRankByThePositionTheUnitReported() {
        dispatcher.reportPosition("KHI-PL-KOR-01", north(Karachi.CLIFTON, 0.1), clock.instant(), null, null);

        UnitsAssigned event = dispatcher
                .dispatch(alert(AlertType.MEDICAL, north(Karachi.CLIFTON, 0.1)))
                .decision()
                .event();

        assertThat(unitIds(event)).containsExactly("KHI-PL-KOR-01");
    }

    @Test
    void shouldSendTheNextBestUnitWhenADispatchedUnitDoesNotAcknowledgeInTime() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        dispatcher.dispatch(alert);
        clock.advance(Duration.ofSeconds(119));
        assertThat(dispatcher.expireDeadlines())
                .as("before the MEDIUM deadline")
                .isEmpty();

        clock.advance(Duration.ofSeconds(1));
        List<SosEvent> events = dispatcher.expireDeadlines();

        AssignmentUpdated reassigned = only(events, AssignmentUpdated.class);
        assertThat(reassigned.change()).isEqualTo("REASSIGNED");
        assertThat(reassigned.unitId()).isEqualTo("KHI-PL-CLF-01");
        assertThat(reassigned.replacement().unitId()).isEqualTo("KHI-PL-CLF-02");
        assertThat(reassigned.candidates()).extracting(Assignment::unitId).doesNotContain("KHI-PL-CLF-01");
        assertThat(reassigned.reason()).contains("did not acknowledge within 120 s");
        assertThat(dispatcher.unit("KHI-PL-CLF-01").isAvailable()).isTrue();
        assertThat(dispatcher.unit("KHI-PL-CLF-02").alertId()).isEqualTo(alert.alertId());
        assertThat(dispatcher.expireDeadlines()).as("fired once").isEmpty();
    }

    @Test
    void shouldNotReleaseAUnitThatAcknowledged() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        dispatcher.dispatch(alert);
        List<SosEvent> ack = dispatcher.acknowledge("KHI-PL-CLF-01").events();
        clock.advance(Duration.ofHours(1));

        assertThat(only(ack, AssignmentUpdated.class).change()).isEqualTo("ACKNOWLEDGED");
        assertThat(dispatcher.expireDeadlines()).isEmpty();
        assertThat(dispatcher.acknowledge("KHI-PL-CLF-01").events())
                .as("acknowledged twice")
                .isEmpty();
    }

    @Test
    void shouldEscalateWhenTooManyUnitsFailToAcknowledge() {
        Dispatcher strict = new Dispatcher(
                Fleet.of("test", fleet),
                Fixtures.selector(),
                clock,
                new DispatchSettings(DispatchSettings.defaults().ackTimeout(), 1, 40, 300, 60));
        strict.dispatch(alert(AlertType.MEDICAL, Karachi.CLIFTON));
        clock.advance(Duration.ofMinutes(3));
        strict.expireDeadlines();
        clock.advance(Duration.ofMinutes(3));

        List<SosEvent> events = strict.expireDeadlines();

        assertThat(only(events, AlertEscalated.class).cause()).isEqualTo(Dispatcher.REDISPATCH_FAILED);
        assertThat(only(events, AssignmentUpdated.class).replacement()).isNull();
        assertThat(strict.units()).allMatch(UnitState::isAvailable);
    }

    @Test
    void shouldEnforceTheAllowedStatusTransitions() {
        assertThatThrownBy(() -> dispatcher.changeStatus("KHI-PL-CLF-01", UnitStatus.ON_SCENE))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("AVAILABLE");
        assertThatThrownBy(() -> dispatcher.changeStatus("KHI-PL-CLF-01", UnitStatus.DISPATCHED))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> dispatcher.acknowledge("KHI-PL-CLF-01")).isInstanceOf(UnitNotOnAlertException.class);
        dispatcher.changeStatus("KHI-PL-CLF-01", UnitStatus.OUT_OF_SERVICE);
        assertThatThrownBy(() -> dispatcher.changeStatus("KHI-PL-CLF-01", UnitStatus.EN_ROUTE))
                .isInstanceOf(IllegalTransitionException.class);

        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        String unit = unitIds(dispatcher.dispatch(alert).decision().event()).get(0);
        assertThat(unit).isEqualTo("KHI-PL-CLF-02");
        List<String> changes = new ArrayList<>();
        for (UnitStatus next : List.of(UnitStatus.EN_ROUTE, UnitStatus.ON_SCENE, UnitStatus.AVAILABLE)) {
            changes.add(only(dispatcher.changeStatus(unit, next).events(), AssignmentUpdated.class)
                    .change());
        }
        assertThat(changes).containsExactly("EN_ROUTE", "ON_SCENE", "CLEARED");
        assertThat(dispatcher.unitsOn(alert.alertId())).isEmpty();
    }

    @Test
    void shouldRebuildFromItsEventsNeverDispatchTwiceAndFireAPendingDeadlineLate() {
        List<SosEvent> log = new ArrayList<>();
        List<AlertLifecycleEvent> alerts = new ArrayList<>();
        AlertRaised first = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        AlertRaised second = alert(AlertType.MEDICAL, Karachi.SADDAR);
        alerts.add(first);
        alerts.add(second);
        log.addAll(dispatcher.dispatch(first).events());
        log.addAll(dispatcher.dispatch(second).events());
        log.addAll(dispatcher.acknowledge("KHI-PL-QRF-01").events());
        log.addAll(dispatcher
                .reportPosition("KHI-PL-KOR-01", Karachi.GULSHAN, clock.instant(), null, null)
                .events());

        clock.advance(Duration.ofMinutes(30)); // the service was down past the deadline
        Dispatcher restarted = dispatcher(clock);
        log.stream()
                .filter(UnitStateChanged.class::isInstance)
                .forEach(event -> restarted.restoreUnit((UnitStateChanged) event));
        alerts.forEach(restarted::restoreAlert);
        log.stream()
                .filter(DispatchEvent.class::isInstance)
                .forEach(event -> restarted.restoreDecision((DispatchEvent) event));
        assertThat(restarted.reconcile()).isEmpty();

        assertThat(restarted.units()).isEqualTo(dispatcher.units());
        assertThat(restarted.dispatch(first).redelivery()).isTrue();
        assertThat(restarted.unit("KHI-PL-KOR-01").position()).isEqualTo(Karachi.GULSHAN);
        List<SosEvent> late = restarted.expireDeadlines();
        AssignmentUpdated reassigned = only(late, AssignmentUpdated.class);
        assertThat(reassigned.unitId()).isEqualTo("KHI-PL-CLF-01");
        assertThat(reassigned.alertId()).isEqualTo(first.alertId());
        assertThat(restarted.unit("KHI-PL-QRF-01").alertId())
                .as("acknowledged: no deadline")
                .isEqualTo(second.alertId());
    }

    @Test
    void shouldReserveAgainAUnitWhoseStateWasNotWrittenBeforeACrash() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        List<SosEvent> events = dispatcher.dispatch(alert).events();
        Dispatcher restarted = dispatcher(clock);
        restarted.restoreAlert(alert);
        events.stream()
                .filter(DispatchEvent.class::isInstance)
                .forEach(event -> restarted.restoreDecision((DispatchEvent) event));

        List<SosEvent> corrected = restarted.reconcile();

        assertThat(only(corrected, UnitStateChanged.class).status()).isEqualTo("DISPATCHED");
        assertThat(restarted.unit("KHI-PL-CLF-01").alertId()).isEqualTo(alert.alertId());
    }

    @Test
    void shouldIgnoreAPositionFixOlderThanTheOneKnown() {
        dispatcher.reportPosition("KHI-PL-CLF-01", Karachi.GULSHAN, clock.instant(), null, null);

        UnitChange older = dispatcher.reportPosition(
                "KHI-PL-CLF-01", Karachi.ORANGI, clock.instant().minusSeconds(5), null, null);

        assertThat(older.events()).isEmpty();
        assertThat(dispatcher.unit("KHI-PL-CLF-01").position()).isEqualTo(Karachi.GULSHAN);
    }

    private static List<String> unitIds(UnitsAssigned event) {
        return event.assignments().stream().map(Assignment::unitId).toList();
    }

    private static <T> T only(List<SosEvent> events, Class<T> type) {
        List<T> matching =
                events.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as("events of type " + type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }
}
