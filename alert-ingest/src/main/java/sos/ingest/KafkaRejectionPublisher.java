package sos.ingest;

import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import sos.contracts.AlertRejected;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.ingest.domain.intake.RejectionPublisher;

/**
 * Writes AlertRejected to {@code sos.alerts.rejected} off the request thread, so that a slow or absent broker never
 * delays or changes the answer to the client. Drops (and logs) when more than 1000 are waiting. A wrong PIN is marked
 * with the alert's id for the {@link PinFailureFollower}s of all instances.
 */
@Component
final class KafkaRejectionPublisher implements RejectionPublisher, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaRejectionPublisher.class);

    private final KafkaTemplate<String, SosEvent> template;
    private final ThreadPoolExecutor executor =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000), runnable -> {
                Thread thread = new Thread(runnable, "alert-rejected-publisher");
                thread.setDaemon(true);
                return thread;
            });

    private final IngestInstance instance;

    KafkaRejectionPublisher(KafkaTemplate<String, SosEvent> template, IngestInstance instance) {
        this.template = template;
        this.instance = instance;
    }

    @Override
    public void publish(AlertRejected rejection) {
        publish(rejection, null);
    }

    @Override
    public void publishPinFailure(AlertRejected rejection, UUID alertId) {
        publish(rejection, alertId);
    }

    private void publish(AlertRejected rejection, UUID pinFailureOf) {
        try {
            executor.execute(() -> send(rejection, pinFailureOf));
        } catch (RejectedExecutionException e) {
            log.warn("AlertRejected for {} dropped: too many waiting", rejection.consulateId());
        }
    }

    private void send(AlertRejected rejection, UUID pinFailureOf) {
        ProducerRecord<String, SosEvent> record =
                new ProducerRecord<>(Topics.ALERTS_REJECTED.name(), rejection.key(), rejection);
        if (pinFailureOf != null) {
            PinFailureFollower.mark(record.headers(), pinFailureOf, instance);
        }
        try {
            template.send(record).whenComplete((result, failure) -> {
                if (failure != null) {
                    log.warn("AlertRejected for {} not recorded: {}", rejection.consulateId(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("AlertRejected for {} not recorded: {}", rejection.consulateId(), e.toString());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(2, TimeUnit.SECONDS);
    }
}
