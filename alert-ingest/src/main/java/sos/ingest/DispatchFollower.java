package sos.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import sos.contracts.AlertResolved;
import sos.contracts.DispatchEvent;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.ingest.domain.lifecycle.AlertBook;
import sos.ingest.domain.panel.DispatchProgress;

/**
 * Follows {@code sos.dispatch.assignments} (dispatch-service's topic) into {@link DispatchProgress}, so that the
 * consulate's panel shows the units on the way, their ETA and progress, and closes resolved alerts in the
 * {@link AlertBook}, so that a later press opens a new alert. Read from {@code alert-view-window} back, like
 * the view of alerts; until dispatch has created the topic the follower waits for it.
 */
@Component
final class DispatchFollower extends TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(DispatchFollower.class);

    private final DispatchProgress progress;
    private final AlertBook book;

    DispatchFollower(DispatchProgress progress, AlertBook book, IngestProperties properties, KafkaProperties kafka) {
        super(
                Topics.ASSIGNMENTS.name(),
                kafka.buildConsumerProperties(),
                properties.alertViewWindow(),
                properties.viewFetchWait());
        this.progress = progress;
        this.book = book;
    }

    @Override
    void apply(SosEvent event, ConsumerRecord<String, byte[]> record) {
        if (event instanceof DispatchEvent dispatch) {
            progress.apply(dispatch);
        }
        if (event instanceof AlertResolved resolved) {
            book.resolved(resolved.alertId(), resolved.occurredAt()); // a new press then opens a new alert
        }
    }

    @Override
    void caughtUp() {
        log.info("dispatch progress read from {}", Topics.ASSIGNMENTS.name());
    }
}
