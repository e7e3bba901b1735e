package sos.dispatch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import sos.contracts.Agency;
import sos.contracts.AlertResolved;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned;
import sos.dispatch.domain.Decision;
import sos.dispatch.domain.Dispatcher;
import sos.dispatch.domain.Resolution;
import sos.dispatch.domain.UnitState;
import sos.dispatch.domain.UnitStatus;

/**
 * The ops API: the fleet's live state, the decision on an alert, and the control room's resolution of an alert (the
 * unit endpoints are in UnitController). The resolve endpoint has no unit id in its path, so only the ops token opens
 * it.
 */
@RestController
@RequestMapping("/api/v1")
class OpsController {

    private static final Logger log = LoggerFactory.getLogger(OpsController.class);

    private final Dispatcher dispatcher;
    private final EventPublisher publisher;

    OpsController(Dispatcher dispatcher, EventPublisher publisher) {
        this.dispatcher = dispatcher;
        this.publisher = publisher;
    }

    /**
     * The control room resolves an alert: {@code AlertResolved} on {@code sos.dispatch.assignments}, units still out
     * released. Idempotent: a repeat answers the first resolution ({@code alreadyResolved: true}) and publishes nothing.
     */
    @PostMapping("/ops/alerts/{alertId}/resolve")
    ResolutionView resolve(@PathVariable UUID alertId, @Valid @RequestBody ResolveRequest request) {
        Resolution resolution = publisher.apply(
                () -> dispatcher.resolve(
                        alertId, request.operator().strip(), request.reason().strip()),
                Resolution::events);
        if (!resolution.alreadyResolved()) {
            log.info(
                    "Alert {} resolved by {}; released {}",
                    alertId,
                    resolution.resolved().resolvedBy(),
                    resolution.resolved().unitIds());
        }
        return ResolutionView.of(resolution.resolved(), resolution.alreadyResolved());
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

    /**
     * @param operator the control-room operator resolving the alert
     * @param reason why, in words
     */
    record ResolveRequest(
            @NotBlank @Size(max = 100) String operator,
            @NotBlank @Size(max = 500) String reason) {}

    record ResolutionView(
            UUID alertId,
            UUID eventId,
            Instant resolvedAt,
            String resolvedBy,
            String reason,
            List<String> releasedUnits,
            boolean alreadyResolved) {

        static ResolutionView of(AlertResolved resolved, boolean alreadyResolved) {
            return new ResolutionView(
                    resolved.alertId(),
                    resolved.eventId(),
                    resolved.occurredAt(),
                    resolved.resolvedBy(),
                    resolved.reason(),
                    resolved.unitIds(),
                    alreadyResolved);
        }
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
            List<UnitsAssigned.Assignment> assignments,
            List<UnitsAssigned.Assignment> candidates) {

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
                    event.assignments(),
                    event.candidates());
        }
    }

    static final class AssignmentNotFoundException extends RuntimeException {

        AssignmentNotFoundException(UUID alertId) {
            super("no dispatch decision for alert " + alertId);
        }
    }
}
