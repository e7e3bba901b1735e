package sos.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import sos.contracts.DispatchEvent;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.ingest.domain.panel.DispatchProgress;

/**
 * Follows {@code sos.dispatch.assignments} (dispatch-service's topic) into {@link DispatchProgress}, so that the
 * consulate's panel shows the units on the way, their ETA and progress. Read from {@code alert-view-window} back, like
 * the view of alerts; until dispatch has created the topic the follower waits for it.
 */
@Component
final class DispatchFollower extends TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(DispatchFollower.class);

    private final DispatchProgress progress;

    DispatchFollower(DispatchProgress progress, IngestProperties properties, KafkaProperties kafka) {
        super(
                Topics.ASSIGNMENTS.name(),
                kafka.buildConsumerProperties(),
                properties.alertViewWindow(),
                properties.viewFetchWait());
        this.progress = progress;
    }

    @Override
    void apply(SosEvent event, ConsumerRecord<String, byte[]> record) {
        if (event instanceof DispatchEvent dispatch) {
            progress.apply(dispatch);
        }
    }

    @Override
    void caughtUp() {
        log.info("dispatch progress read from {}", Topics.ASSIGNMENTS.name());
    }
}
