package sos.dispatch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import sos.dispatch.OpsController.UnitView;
import sos.dispatch.domain.CurrentDispatch;
import sos.dispatch.domain.Dispatcher;
import sos.dispatch.domain.UnitChange;
import sos.dispatch.domain.UnitStatus;

/**
 * The unit API, for the unit itself (its own token) or an operator (the ops token): report position and status, read
 * and follow the current dispatch, acknowledge, en route, on scene, clear. Every change is published before the
 * answer, asynchronously: the change is applied and handed to the producer on the request thread, and the answer is
 * written when the broker has acknowledged it (acks=all), without holding a servlet thread in between.
 */
@RestController
@RequestMapping("/api/v1/units/{unitId}")
class UnitController {

    private final Dispatcher dispatcher;
    private final EventPublisher publisher;
    private final DispatchStream stream;
    private final PositionIntake positions;

    UnitController(Dispatcher dispatcher, EventPublisher publisher, DispatchStream stream, PositionIntake positions) {
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.stream = stream;
        this.positions = positions;
    }

    /**
     * A GPS fix. Only fixes are shed under overload (503 {@code overloaded} at once, the unit sends its next fix):
     * acknowledgements and status changes are always taken.
     */
    @PostMapping("/position")
    CompletableFuture<UnitView> position(@PathVariable String unitId, @Valid @RequestBody PositionReport report) {
        return positions.report(unitId, report).thenApply(done -> UnitView.of(done.state()));
    }

    @PostMapping("/status")
    CompletableFuture<UnitView> status(@PathVariable String unitId, @Valid @RequestBody StatusReport report) {
        return change(() -> dispatcher.changeStatus(unitId, report.status()));
    }

    @GetMapping("/dispatch")
    CurrentDispatch dispatch(@PathVariable String unitId) {
        return dispatcher.currentDispatch(unitId).orElseThrow(() -> new NoDispatchException(unitId));
    }

    @GetMapping(path = "/dispatches", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter dispatches(@PathVariable String unitId) {
        dispatcher.unit(unitId);
        return stream.open(unitId, dispatcher.currentDispatch(unitId).orElse(null));
    }

    @PostMapping("/acknowledge")
    CompletableFuture<UnitView> acknowledge(@PathVariable String unitId) {
        return change(() -> dispatcher.acknowledge(unitId));
    }

    @PostMapping("/en-route")
    CompletableFuture<UnitView> enRoute(@PathVariable String unitId) {
        return change(() -> dispatcher.changeStatus(unitId, UnitStatus.EN_ROUTE));
    }

    @PostMapping("/on-scene")
    CompletableFuture<UnitView> onScene(@PathVariable String unitId) {
        return change(() -> dispatcher.changeStatus(unitId, UnitStatus.ON_SCENE));
    }

    @PostMapping("/clear")
    CompletableFuture<UnitView> clear(@PathVariable String unitId) {
        return change(() -> dispatcher.changeStatus(unitId, UnitStatus.AVAILABLE));
    }

    private CompletableFuture<UnitView> change(Supplier<UnitChange> change) {
        return publisher.applyAsync(change, UnitChange::events).thenApply(done -> UnitView.of(done.state()));
    }

    record StatusReport(@NotNull UnitStatus status) {}

    static final class NoDispatchException extends RuntimeException {

        NoDispatchException(String unitId) {
            super("unit " + unitId + " has no current dispatch");
        }
    }
}
