package sos.ingest;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.ingest.domain.intake.AlertIntake;
import sos.ingest.domain.lifecycle.AlertBook;

/**
 * Keeps the {@link AlertBook} in step with {@code sos.alerts}, the service's own topic, read from
 * {@code alert-view-window} back: a restarted instance thus rebuilds its view, and several instances converge on the
 * same view. Records that answered a request with an Idempotency-Key also teach the {@link AlertIntake} that key (see
 * {@link ProvenanceHeaders}), so that a retry gets the same answer on every instance and after a restart. New alerts
 * wait until it has read what was on the topic at the start ({@link AlertIntake#awaitingView}).
 */
@Component
final class AlertViewLoader extends TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(AlertViewLoader.class);

    private final AlertBook book;
    private final AlertIntake intake;

    AlertViewLoader(AlertBook book, AlertIntake intake, IngestProperties properties, KafkaProperties kafka) {
        super(
                Topics.ALERTS.name(),
                kafka.buildConsumerProperties(),
                properties.alertViewWindow(),
                properties.viewFetchWait());
        this.book = book;
        this.intake = intake;
    }

    @Override
    void apply(SosEvent event, ConsumerRecord<String, byte[]> record) {
        if (event instanceof AlertLifecycleEvent lifecycle) {
            book.apply(lifecycle);
            intake.stored(
                    lifecycle, ProvenanceHeaders.read(record.headers()), Instant.ofEpochMilli(record.timestamp()));
        }
    }

    @Override
    void caughtUp() {
        intake.viewRead();
        log.info("alert view rebuilt from {}: {} alerts", Topics.ALERTS.name(), book.size());
    }
}
