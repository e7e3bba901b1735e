package sos.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sos.contracts.UnitsAssigned;
import sos.dispatch.domain.Decision;
import sos.dispatch.domain.DispatchOutcome;

/** One log line per decision: who goes, how far, how soon; a WARN for a shortfall. */
final class DecisionLog {

    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

    private DecisionLog() {}

    static void describe(DispatchOutcome outcome) {
        Decision decision = outcome.decision();
        if (decision == null) {
            log.info("Alert was cancelled before it was decided: nothing dispatched");
            return;
        }
        UnitsAssigned event = decision.event();
        var units = event.assignments().stream()
                .map(a -> a.unitId() + " (" + a.distanceKm() + " km, ETA " + a.etaSeconds() + " s)")
                .toList();
        if (outcome.redelivery()) {
            log.info("Alert seen before: re-publishing decision {} unchanged, {}", event.eventId(), units);
        } else if (event.assignments().isEmpty() && event.requested() > 0) {
            log.warn(
                    "No unit available for {} {} alert{}: requested {}, assigned none; escalated",
                    decision.severity(),
                    decision.type(),
                    decision.drill() ? " (drill)" : "",
                    event.requested());
        } else if (decision.shortfall()) {
            log.warn(
                    "Only {} of {} units available for {} {} alert{}: {}",
                    event.assignments().size(),
                    event.requested(),
                    decision.severity(),
                    decision.type(),
                    decision.drill() ? " (drill)" : "",
                    units);
        } else {
            log.info(
                    "Dispatched {} {} alert{}: {}{}",
                    decision.severity(),
                    decision.type(),
                    decision.drill() ? " (drill)" : "",
                    units,
                    decision.reserved() ? "" : ", not reserved");
        }
    }
}
