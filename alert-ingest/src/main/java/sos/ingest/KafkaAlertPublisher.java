package sos.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.ingest.domain.intake.AlertPublisher;
import sos.ingest.domain.intake.Provenance;
import sos.ingest.domain.intake.PublishFailedException;

/**
 * Writes alert lifecycle events to {@code sos.alerts}, keyed by alert id, and lets the caller wait (bounded) for the
 * broker's acks=all. An event that answers a request with an Idempotency-Key carries its {@link ProvenanceHeaders}.
 */
@Component
final class KafkaAlertPublisher implements AlertPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaAlertPublisher.class);

    private final KafkaTemplate<String, SosEvent> template;
    private final Duration timeout;

    KafkaAlertPublisher(KafkaTemplate<String, SosEvent> template, IngestProperties properties) {
        this.template = template;
        this.timeout = properties.publishTimeout();
    }

    @Override
    public Receipt send(AlertLifecycleEvent event, Provenance provenance) throws PublishFailedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<SendResult<String, SosEvent>> sent;
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable("alertId", event.alertId().toString())) {
            ProducerRecord<String, SosEvent> record = new ProducerRecord<>(Topics.ALERTS.name(), event.key(), event);
            if (provenance != null) {
                ProvenanceHeaders.write(provenance, record.headers());
            }
            sent = template.send(record);
        } catch (RuntimeException e) {
            throw failed(event, e);
        }
        return () -> await(event, sent, deadline);
    }

    private void await(AlertLifecycleEvent event, CompletableFuture<SendResult<String, SosEvent>> sent, long deadline)
            throws PublishFailedException {
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable("alertId", event.alertId().toString())) {
            SendResult<String, SosEvent> result;
            try {
                result = sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw failed(event, new TimeoutException("no broker acknowledgement within " + timeout));
            } catch (ExecutionException e) {
                throw failed(event, e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(event, e);
            }
            if (log.isInfoEnabled()) {
                log.info(
                        "{} stored: consulate={} drill={} partition={} offset={}",
                        event.eventType(),
                        event.consulateId(),
                        event.drill(),
                        result.getRecordMetadata().partition(),
                        result.getRecordMetadata().offset());
            }
        }
    }

    private static PublishFailedException failed(AlertLifecycleEvent event, Throwable cause) {
        log.error(
                "{} NOT stored, broker did not acknowledge: consulate={}: {}",
                event.eventType(),
                event.consulateId(),
                cause.toString());
        return new PublishFailedException("broker did not acknowledge", cause);
    }
}
