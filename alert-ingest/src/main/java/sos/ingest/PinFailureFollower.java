package sos.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.ingest.domain.intake.AlertIntake;

/**
 * Shares the PIN lockout: every wrong PIN is written to {@code sos.alerts.rejected} with the headers
 * {@code sos-pin-failure-of} (the alert id) and {@code sos-instance}; every instance reads that topic from
 * {@code pin-lockout} back and counts the wrong PINs of other instances (and its own from before a restart) towards the
 * alert's lockout. Best effort, like the rejection records themselves: a wrong PIN whose record is lost or not yet read
 * counts only where it was entered.
 */
@Component
final class PinFailureFollower extends TopicFollower {

    static final String PIN_FAILURE_OF = "sos-pin-failure-of";
    static final String INSTANCE = "sos-instance";
    private static final Logger log = LoggerFactory.getLogger(PinFailureFollower.class);

    private final AlertIntake intake;
    private final IngestInstance instance;
    private int learnt;

    PinFailureFollower(
            AlertIntake intake, IngestInstance instance, IngestProperties properties, KafkaProperties kafka) {
        super(
                Topics.ALERTS_REJECTED.name(),
                kafka.buildConsumerProperties(),
                properties.pinLockout(),
                properties.viewFetchWait());
        this.intake = intake;
        this.instance = instance;
    }

    static void mark(Headers headers, UUID alertId, IngestInstance instance) {
        headers.add(PIN_FAILURE_OF, alertId.toString().getBytes(StandardCharsets.UTF_8));
        headers.add(INSTANCE, instance.id().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    void apply(SosEvent event, ConsumerRecord<String, byte[]> record) {
        Header alert = record.headers().lastHeader(PIN_FAILURE_OF);
        Header from = record.headers().lastHeader(INSTANCE);
        if (alert == null || from == null || instance.id().equals(new String(from.value(), StandardCharsets.UTF_8))) {
            return;
        }
        try {
            UUID alertId = UUID.fromString(new String(alert.value(), StandardCharsets.UTF_8));
            intake.pinFailedElsewhere(alertId, Instant.ofEpochMilli(record.timestamp()));
            learnt++;
        } catch (IllegalArgumentException e) {
            log.warn("skipped a malformed {} header at offset {}", PIN_FAILURE_OF, record.offset());
        }
    }

    @Override
    void caughtUp() {
        log.info(
                "PIN lockouts rebuilt from {}: {} wrong PINs of other instances",
                Topics.ALERTS_REJECTED.name(),
                learnt);
    }
}
