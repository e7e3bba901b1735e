package sos.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import sos.contracts.AlertEscalated;
import sos.contracts.AssignmentUpdated;
import sos.dispatch.domain.Dispatcher;

/**
 * Checks the acknowledgement deadlines every {@code sos.dispatch.deadline-check-interval}: the deadlines are part of
 * the unit state (restored on start), this only looks at the clock. Only the decider instance fires them.
 */
@Component
class DeadlineWatch {

    private static final Logger log = LoggerFactory.getLogger(DeadlineWatch.class);

    private final Dispatcher dispatcher;
    private final EventPublisher publisher;
    private final StateRestorer restorer;
    private final AlertListener decider;

    DeadlineWatch(Dispatcher dispatcher, EventPublisher publisher, StateRestorer restorer, AlertListener decider) {
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.restorer = restorer;
        this.decider = decider;
    }

    @Scheduled(fixedDelayString = "${sos.dispatch.deadline-check-interval}")
    void expire() {
        log.debug("deadline check: restored {}, decider {}", restorer.isRunning(), decider.isDecider());
        if (!restorer.isRunning() || !decider.isDecider()) {
            return;
        }
        try {
            publisher.apply(dispatcher::expireDeadlines, events -> events).forEach(event -> {
                if (event instanceof AssignmentUpdated updated) {
                    log.warn("Alert {}: {}", updated.alertId(), updated.reason());
                } else if (event instanceof AlertEscalated escalated) {
                    log.warn("Alert {} escalated ({}): {}", escalated.alertId(), escalated.cause(), escalated.reason());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Deadline check failed, retried at the next tick: {}", e.getMessage());
        }
    }
}
