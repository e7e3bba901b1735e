package sos.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import sos.contracts.AlertRaised;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.ingest.domain.intake.AlertPublisher;
import sos.ingest.domain.intake.PublishFailedException;

/** Writes AlertRaised to {@code sos.alerts}, keyed by alert id, and waits (bounded) for the broker's acks=all. */
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
    public void publish(AlertRaised alert) throws PublishFailedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable("alertId", alert.alertId().toString())) {
            CompletableFuture<SendResult<String, SosEvent>> sent;
            try {
                sent = template.send(Topics.ALERTS.name(), alert.key(), alert);
            } catch (RuntimeException e) {
                throw failed(alert, e);
            }
            SendResult<String, SosEvent> result;
            try {
                result = sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw failed(alert, new TimeoutException("no broker acknowledgement within " + timeout));
            } catch (ExecutionException e) {
                throw failed(alert, e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(alert, e);
            }
            log.info(
                    "alert accepted: consulate={} type={} severity={} drill={} partition={} offset={}",
                    alert.consulateId(),
                    alert.type(),
                    alert.severity(),
                    alert.drill(),
                    result.getRecordMetadata().partition(),
                    result.getRecordMetadata().offset());
        }
    }

    private static PublishFailedException failed(AlertRaised alert, Throwable cause) {
        log.error(
                "alert NOT accepted, broker did not acknowledge: consulate={} type={}: {}",
                alert.consulateId(),
                alert.type(),
                cause.toString());
        return new PublishFailedException("broker did not acknowledge", cause);
    }
}
