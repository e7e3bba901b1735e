package sos.dispatch;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import sos.contracts.AlertEscalated;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AssignmentUpdated;
import sos.contracts.BetterUnitProposed;
import sos.contracts.SosEvent;
import sos.contracts.UnitsAssigned;
import sos.contracts.UnitsStoodDown;
import sos.dispatch.domain.DispatchOutcome;
import sos.dispatch.domain.Dispatcher;

/**
 * Reads every event of an alert's lifecycle on {@code sos.alerts} in the consumer group {@code dispatch-service}:
 * raised (decide, or recall the decision), cancelled (stand the units down), duress (escalate, units keep going),
 * moved (propose a sooner unit), pressed again (noted, never dispatched twice). Kinds it does not know are skipped.
 */
@Component
class AlertListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(AlertListener.class);

    private final Dispatcher dispatcher;
    private final EventPublisher publisher;

    private final StateRestorer state;
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    AlertListener(Dispatcher dispatcher, EventPublisher publisher, StateRestorer state) {
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.state = state;
    }

    /**
     * This instance became the decider (see {@link SingleDeciderAssignor}): before deciding anything it applies
     * everything the previous decider published.
     */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> partitions, ConsumerSeekCallback callback) {
        if (!partitions.isEmpty()) {
            state.catchUp();
            assigned.addAll(partitions.keySet());
            log.info("Deciding for {} partitions of sos.alerts", assigned.size());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    /** This instance holds partitions of sos.alerts: it is the decider (it also fires the deadlines). */
    boolean isDecider() {
        return !assigned.isEmpty();
    }

    @KafkaListener(id = "dispatch-alerts", idIsGroup = false, topics = "#{T(sos.contracts.Topics).ALERTS.name()}")
    void onAlert(AlertLifecycleEvent event) {
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable("alertId", event.alertId().toString())) {
            if (event instanceof AlertRaised alert) {
                DispatchOutcome outcome = publisher.apply(() -> dispatcher.dispatch(alert), DispatchOutcome::events);
                DecisionLog.describe(outcome);
                return;
            }
            if (event instanceof AlertRepeatPressed repeat) {
                log.info(
                        "SOS pressed again ({} presses) on alert {}: noted, not dispatched again",
                        repeat.pressCount(),
                        repeat.alertId());
            }
            List<SosEvent> events = publisher.apply(() -> dispatcher.handle(event), e -> e);
            events.forEach(AlertListener::describe);
        }
    }

    private static void describe(SosEvent event) {
        if (event instanceof UnitsStoodDown stood) {
            log.info("Stood down {}: {}", stood.unitIds(), stood.reason());
        } else if (event instanceof AlertEscalated escalated) {
            log.warn("Escalated ({}): {}", escalated.cause(), escalated.reason());
        } else if (event instanceof BetterUnitProposed proposed) {
            log.info("Proposed {}: {}", proposed.proposed().unitId(), proposed.reason());
        } else if (event instanceof AssignmentUpdated updated) {
            log.info("{} {}: {}", updated.unitId(), updated.change(), updated.reason());
        } else if (event instanceof UnitsAssigned) {
            log.debug("decision re-published");
        }
    }
}
