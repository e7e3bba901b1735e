package sos.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sos.dispatch.domain.Fixtures.alert;
import static sos.dispatch.domain.Fixtures.north;
import static sos.dispatch.domain.Fixtures.police;
import static sos.dispatch.domain.Fixtures.rangers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.UnitStateChanged;
import sos.contracts.UnitsAssigned;
import sos.contracts.UnitsAssigned.Assignment;
import sos.testsupport.Karachi;

class DispatcherTest {

    private final List<FleetUnit> fleet = List.of(
            police("KHI-PL-CLF-01", Capability.PATROL_CAR, Karachi.CLIFTON),
            police("KHI-PL-CLF-02", Capability.MOTORCYCLE, north(Karachi.CLIFTON, 0.5)),
            police("KHI-PL-SDR-01", Capability.PATROL_CAR, Karachi.SADDAR),
            police("KHI-PL-QRF-01", Capability.QUICK_RESPONSE_FORCE, Karachi.SADDAR),
            rangers("KHI-RG-QRF-01", Capability.RANGERS_QRF, Karachi.CLIFTON),
            rangers("KHI-RG-QRF-02", Capability.RANGERS_QRF, Karachi.KORANGI));

    private final Dispatcher dispatcher = Fixtures.dispatcher(fleet);

    @Test
    void shouldReserveTheAssignedUnitsForTheAlert() {
        AlertRaised alert = alert(AlertType.ARMED_ATTACK, Karachi.CLIFTON);

        UnitsAssigned event = dispatcher.dispatch(alert).decision().event();

        assertThat(event.assignments()).hasSize(3);
        for (Assignment assignment : event.assignments()) {
            UnitState state = dispatcher.unit(assignment.unitId());
            assertThat(state.status()).isEqualTo(UnitStatus.DISPATCHED);
            assertThat(state.alertId()).isEqualTo(alert.alertId());
            assertThat(state.since()).isEqualTo(Fixtures.CLOCK.instant());
        }
        assertThat(dispatcher.units()).filteredOn(UnitState::isAvailable).hasSize(3);
    }

    @Test
    void shouldAnswerTheAlertEventWithADeterministicEventId() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);

        UnitsAssigned event = dispatcher.dispatch(alert).decision().event();

        UUID expected = UUID.nameUUIDFromBytes(("UnitsAssigned:" + alert.eventId()).getBytes(StandardCharsets.UTF_8));
        assertThat(event.eventId()).isEqualTo(expected);
        assertThat(event.alertId()).isEqualTo(alert.alertId());
        assertThat(event.alertEventId()).isEqualTo(alert.eventId());
        assertThat(event.requested()).isEqualTo(1);
        assertThat(event.occurredAt()).isEqualTo(Fixtures.CLOCK.instant());
    }

    @Test
    void shouldNotAssignAReservedUnitToTheNextAlert() {
        UnitsAssigned first = dispatcher
                .dispatch(alert(AlertType.MEDICAL, Karachi.CLIFTON))
                .decision()
                .event();
        UnitsAssigned second = dispatcher
                .dispatch(alert(AlertType.MEDICAL, Karachi.CLIFTON))
                .decision()
                .event();

        assertThat(first.assignments()).extracting(Assignment::unitId).containsExactly("KHI-PL-CLF-01");
        assertThat(second.assignments()).extracting(Assignment::unitId).containsExactly("KHI-PL-CLF-02");
    }

    @Test
    void shouldAssignNoUnitAndStateTheShortfallWhenEveryUnitIsBusy() {
        for (int i = 0; i < 4; i++) {
            dispatcher.dispatch(alert(AlertType.MEDICAL, Karachi.CLIFTON));
        }

        Decision decision =
                dispatcher.dispatch(alert(AlertType.MEDICAL, Karachi.CLIFTON)).decision();

        assertThat(decision.event().assignments()).isEmpty();
        assertThat(decision.event().requested()).isEqualTo(1);
        assertThat(decision.shortfall()).isTrue();
    }

    @Test
    void shouldReturnTheEarlierDecisionAndReserveNothingWhenAnAlertIsDeliveredAgain() {
        AlertRaised alert = alert(AlertType.INTRUSION, Karachi.CLIFTON);
        DispatchOutcome first = dispatcher.dispatch(alert);
        List<UnitState> afterFirst = dispatcher.units();

        DispatchOutcome again = dispatcher.dispatch(alert);

        assertThat(first.redelivery()).isFalse();
        assertThat(again.redelivery()).isTrue();
        assertThat(again.decision()).isEqualTo(first.decision());
        assertThat(again.decision().event().eventId())
                .isEqualTo(first.decision().event().eventId());
        assertThat(dispatcher.units()).isEqualTo(afterFirst);
    }

    @Test
    void shouldDecideOnceWhenTheSameAlertArrivesOnManyThreadsAtOnce() throws Exception {
        AlertRaised alert = alert(AlertType.ARMED_ATTACK, Karachi.CLIFTON);

        List<DispatchOutcome> outcomes = onManyThreads(16, i -> alert);

        assertThat(outcomes).filteredOn(outcome -> !outcome.redelivery()).hasSize(1);
        assertThat(outcomes)
                .extracting(DispatchOutcome::decision)
                .containsOnly(outcomes.get(0).decision());
        assertThat(dispatcher.units()).filteredOn(state -> !state.isAvailable()).hasSize(3);
    }

    @Test
    void shouldNeverAssignTheSameUnitToTwoAlertsDispatchedConcurrently() throws Exception {
        List<FleetUnit> bigFleet = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            GeoPoint position = north(Karachi.CLIFTON, i * 0.2);
            bigFleet.add(
                    i % 3 == 0
                            ? rangers("KHI-RG-%02d".formatted(i), Capability.RANGERS_QRF, position)
                            : police("KHI-PL-%02d".formatted(i), Capability.PATROL_CAR, position));
        }
        Dispatcher shared = Fixtures.dispatcher(bigFleet);

        List<DispatchOutcome> outcomes = onManyThreads(
                shared, 400, i -> alert(i % 2 == 0 ? AlertType.ARMED_ATTACK : AlertType.INTRUSION, Karachi.CLIFTON));

        List<String> assigned = outcomes.stream()
                .flatMap(outcome -> outcome.decision().event().assignments().stream())
                .map(Assignment::unitId)
                .toList();
        assertThat(assigned).doesNotHaveDuplicates().hasSize(60);
        for (DispatchOutcome outcome : outcomes) {
            UnitsAssigned event = outcome.decision().event();
            for (Assignment assignment : event.assignments()) {
                assertThat(shared.unit(assignment.unitId()).alertId()).isEqualTo(event.alertId());
            }
        }
    }

    @Test
    void shouldChooseUnitsForADrillWithoutReservingThem() {
        Decision drill = dispatcher
                .dispatch(alert(AlertType.ARMED_ATTACK, Karachi.CLIFTON, true))
                .decision();

        assertThat(drill.drill()).isTrue();
        assertThat(drill.reserved()).isFalse();
        assertThat(drill.event().assignments()).hasSize(3);
        assertThat(dispatcher.units()).allMatch(UnitState::isAvailable);
        UnitsAssigned live = dispatcher
                .dispatch(alert(AlertType.ARMED_ATTACK, Karachi.CLIFTON))
                .decision()
                .event();
        assertThat(live.assignments()).isEqualTo(drill.event().assignments());
    }

    @Test
    void shouldRememberTheDecisionForTheAlert() {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON);
        Decision decision = dispatcher.dispatch(alert).decision();

        assertThat(dispatcher.decisionFor(alert.alertId())).contains(decision);
        assertThat(dispatcher.decisionFor(UUID.randomUUID())).isEmpty();
    }

    @Test
    void shouldMakeAClearedUnitAvailableForTheNextAlert() {
        dispatcher.dispatch(alert(AlertType.MEDICAL, Karachi.CLIFTON));

        UnitState cleared = dispatcher.clear("KHI-PL-CLF-01");
        UnitsAssigned next = dispatcher
                .dispatch(alert(AlertType.MEDICAL, Karachi.CLIFTON))
                .decision()
                .event();

        assertThat(cleared.status()).isEqualTo(UnitStatus.AVAILABLE);
        assertThat(cleared.alertId()).isNull();
        assertThat(next.assignments()).extracting(Assignment::unitId).containsExactly("KHI-PL-CLF-01");
    }

    @Test
    void shouldRefuseToClearAUnitThatIsAlreadyAvailable() {
        assertThatThrownBy(() -> dispatcher.clear("KHI-PL-SDR-01")).isInstanceOf(UnitAlreadyAvailableException.class);
    }

    @Test
    void shouldRefuseToClearOrShowAnUnknownUnit() {
        assertThatThrownBy(() -> dispatcher.clear("KHI-PL-XXX-99")).isInstanceOf(UnknownUnitException.class);
        assertThatThrownBy(() -> dispatcher.unit("KHI-PL-XXX-99")).isInstanceOf(UnknownUnitException.class);
    }

    private List<DispatchOutcome> onManyThreads(int calls, IntFunction<AlertRaised> alerts) throws Exception {
        return onManyThreads(dispatcher, calls, alerts);
    }

    private static List<DispatchOutcome> onManyThreads(Dispatcher target, int calls, IntFunction<AlertRaised> alerts)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<DispatchOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                AlertRaised alert = alerts.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return target.dispatch(alert);
                }));
            }
            start.countDown();
            List<DispatchOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            for (Future<DispatchOutcome> future : futures) {
                outcomes.add(future.get(10, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldApplyAGatewaysBatchInOrderAndRefuseUnknownOutOfScopeAndOlderFixesWithoutPublishingThem() {
        Instant t = Fixtures.CLOCK.instant();
        List<FixOutcome> outcomes = dispatcher.reportPositions(
                List.of(
                        new PositionFix("KHI-PL-CLF-01", Karachi.SADDAR, t, 90.0, 20.0),
                        new PositionFix("KHI-PL-XXX-99", Karachi.SADDAR, t, null, null),
                        new PositionFix("KHI-RG-QRF-01", Karachi.SADDAR, t, null, null),
                        new PositionFix("KHI-PL-CLF-01", Karachi.GULSHAN, t.minusSeconds(5), null, null),
                        new PositionFix("KHI-PL-SDR-01", Karachi.KORANGI, null, null, null)),
                EnumSet.of(Agency.POLICE));

        assertThat(outcomes).hasSize(5);
        assertThat(outcomes.get(0)).isInstanceOf(FixOutcome.Applied.class);
        UnitChange moved = ((FixOutcome.Applied) outcomes.get(0)).change();
        assertThat(moved.events()).singleElement().isInstanceOfSatisfying(UnitStateChanged.class, state -> {
            assertThat(state.unitId()).isEqualTo("KHI-PL-CLF-01");
            assertThat(state.position()).isEqualTo(Karachi.SADDAR);
            assertThat(state.positionAt()).isEqualTo(t);
        });
        assertThat(refusal(outcomes.get(1))).isEqualTo(FixOutcome.Refusal.UNKNOWN_UNIT);
        assertThat(refusal(outcomes.get(2))).isEqualTo(FixOutcome.Refusal.OUT_OF_SCOPE);
        assertThat(refusal(outcomes.get(3))).isEqualTo(FixOutcome.Refusal.OLDER_THAN_LAST_FIX);
        assertThat(outcomes.get(4)).isInstanceOf(FixOutcome.Applied.class);
        assertThat(dispatcher.unit("KHI-PL-CLF-01").position()).isEqualTo(Karachi.SADDAR);
        assertThat(dispatcher.unit("KHI-RG-QRF-01").position()).isEqualTo(Karachi.CLIFTON);
        assertThat(dispatcher.unit("KHI-RG-QRF-01").positionAt()).isNull();
        assertThat(dispatcher.unit("KHI-PL-SDR-01").position()).isEqualTo(Karachi.KORANGI);
        assertThat(dispatcher.unit("KHI-PL-SDR-01").positionAt()).isEqualTo(t);
    }

    private static FixOutcome.Refusal refusal(FixOutcome outcome) {
        assertThat(outcome).isInstanceOf(FixOutcome.Refused.class);
        return ((FixOutcome.Refused) outcome).refusal();
    }
}
