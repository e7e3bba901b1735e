package sos.dispatch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import sos.contracts.Agency;
import sos.contracts.SosEvent;
import sos.dispatch.domain.Dispatcher;
import sos.dispatch.domain.FixOutcome;
import sos.dispatch.domain.PositionFix;
import sos.dispatch.domain.UnitChange;

/**
 * Takes position reports, a unit's own or a gateway's batch, the one same way: applied and handed to the producer under
 * the publisher's lock (one record per moved unit on the compacted {@code sos.units.state}, as every instance rebuilds
 * its state from), answered once the broker has every record (acks=all). Bounded: at most
 * {@code max-pending-positions} reports await the broker at once; beyond, a report or batch is refused at once
 * ({@code 503 overloaded}), so that an overload cannot exhaust the memory.
 */
@Component
class PositionIntake {

    private final Dispatcher dispatcher;
    private final EventPublisher publisher;
    private final int maxPending;
    private final Semaphore pending;

    PositionIntake(Dispatcher dispatcher, EventPublisher publisher, DispatchProperties properties) {
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.maxPending = properties.maxPendingPositions();
        this.pending = new Semaphore(maxPending);
    }

    /** A unit's own fix; an older fix than the known one changes nothing and answers the unit's newer state. */
    CompletableFuture<UnitChange> report(String unitId, PositionReport report) {
        return bounded(
                1,
                () -> publisher.applyAsync(
                        () -> dispatcher.reportPosition(
                                unitId, report.position(), report.at(), report.headingDeg(), report.speedKmh()),
                        UnitChange::events));
    }

    /** A gateway's fixes, in order, for units of the {@code scope}'s agencies only; one outcome per fix. */
    CompletableFuture<List<FixOutcome>> reportAll(List<PositionFix> fixes, Set<Agency> scope) {
        // a batch larger than the bound takes it whole, so that it is not refused for ever
        return bounded(
                Math.min(fixes.size(), maxPending),
                () -> publisher.applyAsync(() -> dispatcher.reportPositions(fixes, scope), PositionIntake::eventsOf));
    }

    private static List<SosEvent> eventsOf(List<FixOutcome> outcomes) {
        return outcomes.stream()
                .<SosEvent>mapMulti((outcome, events) -> {
                    if (outcome instanceof FixOutcome.Applied applied) {
                        applied.change().events().forEach(events);
                    }
                })
                .toList();
    }

    private <T> CompletableFuture<T> bounded(int permits, Supplier<CompletableFuture<T>> publish) {
        if (!pending.tryAcquire(permits)) {
            throw new OverloadedException();
        }
        try {
            return publish.get().whenComplete((result, failure) -> pending.release(permits));
        } catch (RuntimeException e) {
            pending.release(permits);
            throw e;
        }
    }

    static final class OverloadedException extends RuntimeException {

        OverloadedException() {
            super("too many position reports awaiting the broker; send the next fixes");
        }
    }
}
