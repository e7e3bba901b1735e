package sos.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import sos.contracts.Agency;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned;
import sos.dispatch.domain.Decision;
import sos.dispatch.domain.Dispatcher;
import sos.dispatch.domain.UnitState;
import sos.dispatch.domain.UnitStatus;

/** The ops API: the fleet's live state and the decision on an alert (the unit endpoints are in UnitController). */
@RestController
@RequestMapping("/api/v1")
class OpsController {

    private final Dispatcher dispatcher;

    OpsController(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @GetMapping("/units")
    List<UnitView> units() {
        return dispatcher.units().stream().map(UnitView::of).toList();
    }

    @GetMapping("/units/{unitId}")
    UnitView unit(@PathVariable String unitId) {
        return UnitView.of(dispatcher.unit(unitId));
    }

    @GetMapping("/alerts/{alertId}/assignment")
    AssignmentView assignment(@PathVariable UUID alertId) {
        return dispatcher
                .decisionFor(alertId)
                .map(AssignmentView::of)
                .orElseThrow(() -> new AssignmentNotFoundException(alertId));
    }

    record UnitView(
            String unitId,
            String callSign,
            Agency agency,
            String capability,
            String station,
            String district,
            GeoPoint position,
            Instant positionAt,
            Double headingDeg,
            Double speedKmh,
            UnitStatus status,
            UUID alertId,
            Instant dispatchedAt,
            Instant ackDeadline,
            boolean acknowledged) {

        static UnitView of(UnitState state) {
            var unit = state.unit();
            return new UnitView(
                    unit.unitId(),
                    unit.callSign(),
                    unit.agency(),
                    unit.capability().name(),
                    unit.station(),
                    unit.district(),
                    state.position(),
                    state.positionAt(),
                    state.headingDeg(),
                    state.speedKmh(),
                    state.status(),
                    state.alertId(),
                    state.since(),
                    state.ackDeadline(),
                    state.acknowledged());
        }
    }

    /**
     * @param reserved false for a drill: the units were chosen but not taken out of service
     */
    record AssignmentView(
            UUID alertId,
            UUID eventId,
            UUID alertEventId,
            Instant decidedAt,
            AlertType alertType,
            Severity severity,
            boolean drill,
            boolean reserved,
            int requested,
            List<UnitsAssigned.Assignment> assignments) {

        static AssignmentView of(Decision decision) {
            UnitsAssigned event = decision.event();
            return new AssignmentView(
                    event.alertId(),
                    event.eventId(),
                    event.alertEventId(),
                    event.occurredAt(),
                    decision.type(),
                    decision.severity(),
                    decision.drill(),
                    decision.reserved(),
                    event.requested(),
                    event.assignments());
        }
    }

    static final class AssignmentNotFoundException extends RuntimeException {

        AssignmentNotFoundException(UUID alertId) {
            super("no dispatch decision for alert " + alertId);
        }
    }
}
