package sos.audit;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import sos.audit.domain.AuditEntry;
import sos.audit.domain.AuditTrail;
import sos.audit.domain.EventSource;
import sos.contracts.SosEvent;

/**
 * Puts every event of every topic on record. A batch is stored in one transaction and its offsets are committed only
 * after that transaction committed. A record that cannot be read or stored is named by its index in a
 * {@link BatchListenerFailedException} whose type says why ({@link RetryPolicy}): the records before it are committed,
 * it is retried or sent to the dead-letter topic, and the records after it are delivered again.
 */
@Component
class AuditListener {

    static final String LISTENER_ID = "audit-trail";

    private static final Logger LOG = LoggerFactory.getLogger(AuditListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(AuditListener.class);

    private final AuditTrail trail;

    AuditListener(AuditTrail trail) {
        this.trail = trail;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = "#{@auditedTopics}", batch = "true")
    void onEvents(List<ConsumerRecord<String, SosEvent>> records) {
        List<AuditEntry> entries = new ArrayList<>(records.size());
        List<Integer> indexes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, SosEvent> record = records.get(i);
            DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(
                    record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
            if (unreadable != null) {
                store(entries, indexes);
                LOG.warn("unreadable record at {}: {}", sourceOf(record), causeOf(unreadable));
                throw new UnreadableRecordException("unreadable record " + sourceOf(record), unreadable, i);
            }
            if (record.value() == null) {
                LOG.warn("skipping record without a value at {}", sourceOf(record));
                continue;
            }
            entries.add(AuditEntry.of(record.value(), sourceOf(record)));
            indexes.add(i);
        }
        store(entries, indexes);
    }

    /** Stores the entries in one transaction; on failure, names the first record that could not be stored. */
    private void store(List<AuditEntry> entries, List<Integer> indexes) {
        if (entries.isEmpty()) {
            return;
        }
        List<Boolean> inserted;
        try {
            inserted = trail.record(entries);
        } catch (RuntimeException failure) {
            if (databaseUnavailable(failure)) {
                throw unavailable(entries.size(), indexes.get(0), failure);
            }
            if (entries.size() == 1) {
                throw refused(entries.get(0), indexes.get(0), failure);
            }
            inserted = storeOneByOne(entries, indexes);
        }
        for (int i = 0; i < entries.size(); i++) {
            logRecorded(entries.get(i), inserted.get(i));
        }
        entries.clear();
        indexes.clear();
    }

    /** The database refused the batch: store the records one by one to find the one it refuses. */
    private List<Boolean> storeOneByOne(List<AuditEntry> entries, List<Integer> indexes) {
        List<Boolean> inserted = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            try {
                inserted.addAll(trail.record(List.of(entries.get(i))));
            } catch (RuntimeException failure) {
                for (int j = 0; j < i; j++) {
                    logRecorded(entries.get(j), inserted.get(j));
                }
                if (databaseUnavailable(failure)) {
                    throw unavailable(entries.size() - i, indexes.get(i), failure);
                }
                throw refused(entries.get(i), indexes.get(i), failure);
            }
        }
        return inserted;
    }

    /** The exception tells, or else the database itself: a dropped connection does not always say so. */
    private boolean databaseUnavailable(RuntimeException failure) {
        return StoreFailures.isDatabaseUnavailable(failure) || !trail.isStoreReachable();
    }

    private static DatabaseUnavailableException unavailable(int pending, int index, RuntimeException failure) {
        LOG.warn("audit database unavailable, will retry {} records: {}", pending, causeOf(failure));
        return new DatabaseUnavailableException("audit database unavailable", failure, index);
    }

    private static RecordRefusedException refused(AuditEntry entry, int index, RuntimeException failure) {
        withAlertId(
                entry,
                () -> LOG.warn(
                        "could not store {} {} from {}: {}",
                        entry.eventType(),
                        entry.eventId(),
                        entry.source(),
                        causeOf(failure)));
        return new RecordRefusedException("could not store " + entry.source(), failure, index);
    }

    private static void logRecorded(AuditEntry entry, boolean inserted) {
        withAlertId(entry, () -> {
            if (inserted) {
                LOG.info("recorded {} {} from {}", entry.eventType(), entry.eventId(), entry.source());
            } else {
                LOG.info("{} {} from {} already on record", entry.eventType(), entry.eventId(), entry.source());
            }
        });
    }

    private static void withAlertId(AuditEntry entry, Runnable action) {
        if (entry.alertId() == null) {
            action.run();
            return;
        }
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable("alertId", entry.alertId().toString())) {
            action.run();
        }
    }

    private static String causeOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static EventSource sourceOf(ConsumerRecord<?, ?> record) {
        return new EventSource(record.topic(), record.partition(), record.offset());
    }
}
