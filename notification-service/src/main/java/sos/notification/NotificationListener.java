package sos.notification;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import sos.contracts.AlertEvent;
import sos.contracts.EventJson;
import sos.contracts.NotificationAcknowledged;
import sos.contracts.SosEvent;
import sos.notification.domain.Fanout;

/**
 * Consumes alerts and assignments in batches and hands them to the fan-out: records of different alerts at the same
 * time, records of one alert one after the other in the order they were written. The batch's offsets are committed
 * (ack mode BATCH) only after every record's first attempts ended and their events (and any retry jobs) are on Kafka.
 */
@Component
class NotificationListener {

    private final Fanout fanout;
    private final ObservationRegistry observations;

    NotificationListener(Fanout fanout, ObjectProvider<ObservationRegistry> observations) {
        this.fanout = fanout;
        this.observations = observations.getIfUnique(() -> ObservationRegistry.NOOP);
    }

    @KafkaListener(
            id = "notification-fanout",
            idIsGroup = false,
            batch = "true",
            topics = {"#{T(sos.contracts.Topics).ALERTS.name()}", "#{T(sos.contracts.Topics).ASSIGNMENTS.name()}"})
    void on(List<ConsumerRecord<String, SosEvent>> records) {
        BatchOfRecords.handle(records, this::handle);
    }

    /**
     * Acknowledgements (made by any instance, on {@code sos.notifications}): the others are told from here, so that
     * telling them survives a crash and is retried like any delivery. Starts at the latest offset when the group is
     * new, so that a first start does not tell of acknowledgements long past.
     */
    @KafkaListener(
            id = "notification-acks",
            groupId = "${spring.application.name}-acks",
            batch = "true",
            topics = "#{T(sos.contracts.Topics).NOTIFICATIONS.name()}",
            // acknowledgements are few and people make them: one consumer for every partition is plenty
            concurrency = "1",
            properties = {
                "auto.offset.reset=latest",
                // read as bytes: only acknowledgements are parsed, not every outcome (most of the topic)
                "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                // the topic carries an outcome per delivery: fetch them by the 64 KB or 100 ms, not one by one (the
                // others hear of an acknowledgement at most 100 ms later)
                "fetch.min.bytes=65536",
                "fetch.max.wait.ms=100"
            })
    void onNotification(List<ConsumerRecord<String, byte[]>> records) {
        BatchOfRecords.handle(records, record -> {
            if (record.value() == null
                    || !(EventTypes.mayBe(record.value(), "NotificationAcknowledged")
                            && BatchOfRecords.read(record, EventJson::fromBytes)
                                    instanceof NotificationAcknowledged ack)) {
                return CompletableFuture.completedFuture(null);
            }
            try (MDC.MDCCloseable ignored =
                    MDC.putCloseable("alertId", ack.alertId().toString())) {
                return fanout.tellOthers(ack);
            }
        });
    }

    private CompletableFuture<?> handle(ConsumerRecord<String, SosEvent> record) {
        if (!(record.value() instanceof AlertEvent event)) {
            return CompletableFuture.completedFuture(null); // a tombstone, or an event no recipient subscribes to
        }
        // a batch listener gets no observation per record from its container: one here, which continues the trace of
        // the record's traceparent header through the deliveries (their executors carry it) to the outcomes written
        Observation observation = Observation.createNotStarted(
                        "sos.notification.fanout",
                        () -> new KafkaRecordReceiverContext(record, "notification-fanout", () -> null),
                        observations)
                .start();
        try (Observation.Scope scope = observation.openScope();
                MDC.MDCCloseable ignored =
                        MDC.putCloseable("alertId", event.alertId().toString())) {
            return fanout.handleAsync(event).whenComplete((done, failure) -> {
                if (failure != null) {
                    observation.error(failure);
                }
                observation.stop();
            });
        } catch (RuntimeException e) {
            observation.error(e);
            observation.stop();
            throw e;
        }
    }

    /**
     * Runs a batch: the records before the first unreadable one (all of them when none is), grouped by key, the groups
     * at the same time, each group's records in order of their timestamps. When a record could not be read or handled,
     * throws for the first such record so that the error handler commits what came before it and retries (or
     * dead-letters) from there; records after it that were handled already are redelivered and not sent again (the
     * delivery ledger).
     */
    static final class BatchOfRecords {

        private static final LogAccessor LOG = new LogAccessor(BatchOfRecords.class);

        private BatchOfRecords() {}

        static <V> void handle(
                List<ConsumerRecord<String, V>> records,
                Function<ConsumerRecord<String, V>, CompletableFuture<?>> each) {
            int unreadable = firstUnreadable(records);
            Map<String, List<Integer>> byKey = new LinkedHashMap<>();
            for (int i = 0; i < unreadable; i++) {
                byKey.computeIfAbsent(String.valueOf(records.get(i).key()), key -> new ArrayList<>())
                        .add(i);
            }
            Map<Integer, CompletableFuture<?>> started = new LinkedHashMap<>();
            for (List<Integer> group : byKey.values()) {
                group.sort(Comparator.comparingLong(i -> records.get(i).timestamp()));
                CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
                for (int index : group) {
                    ConsumerRecord<String, V> record = records.get(index);
                    CompletableFuture<?> current = previous.thenCompose(done -> each.apply(record));
                    started.put(index, current);
                    previous = current;
                }
            }
            CompletableFuture.allOf(started.values().toArray(CompletableFuture[]::new))
                    .exceptionally(failure -> null)
                    .join();
            int failed = started.entrySet().stream()
                    .filter(e -> e.getValue().isCompletedExceptionally())
                    .mapToInt(Map.Entry::getKey)
                    .min()
                    .orElse(Integer.MAX_VALUE);
            if (failed < unreadable) {
                Throwable cause = started.get(failed).handle((v, e) -> e).join();
                throw new BatchListenerFailedException(
                        "handling failed",
                        cause instanceof java.util.concurrent.CompletionException c ? c.getCause() : cause,
                        failed);
            }
            if (unreadable < records.size()) {
                ConsumerRecord<String, V> record = records.get(unreadable);
                throw new BatchListenerFailedException(
                        "record cannot be read",
                        SerializationUtils.getExceptionFromHeader(
                                record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG),
                        unreadable);
            }
        }

        /**
         * Reads a record that came as bytes. One that cannot be read is a {@link DeserializationException}, which the
         * error handler does not retry (reading it again can never succeed) but sends to the dead-letter topic at once:
         * retried like a failed delivery, each unreadable record held its partition for seconds.
         */
        static <T> T read(ConsumerRecord<String, byte[]> record, Function<byte[], T> parser) {
            try {
                return parser.apply(record.value());
            } catch (RuntimeException e) {
                throw new DeserializationException(
                        "cannot read " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                        record.value(),
                        false,
                        e);
            }
        }

        private static <V> int firstUnreadable(List<ConsumerRecord<String, V>> records) {
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).value() == null
                        && records.get(i).headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)
                                != null) {
                    return i;
                }
            }
            return records.size();
        }
    }
}
