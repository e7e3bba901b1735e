package sos.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;
import sos.contracts.Topics;
import sos.ingest.domain.intake.AlertIntake;
import sos.ingest.domain.lifecycle.AlertBook;

/**
 * Keeps the {@link AlertBook} in step with {@code sos.alerts}, the service's own topic: every instance reads every
 * partition (manual assignment, no consumer group, no committed offsets), starting {@code alert-view-window} back in
 * time, and applies each lifecycle event. A restarted instance thus rebuilds its view, and several instances converge
 * on the same view. Records that answered a request with an Idempotency-Key also teach the {@link AlertIntake} that
 * key (see {@link ProvenanceHeaders}), so that a retry gets the same answer on every instance and after a restart.
 * Records it cannot read are skipped (this is a view, not a processor: nothing to dead-letter).
 */
@Component
final class AlertViewLoader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertViewLoader.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final AlertBook book;
    private final AlertIntake intake;
    private final String bootstrap;
    private final Duration window;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    AlertViewLoader(
            AlertBook book,
            AlertIntake intake,
            IngestProperties properties,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
        this.book = book;
        this.intake = intake;
        this.bootstrap = bootstrap;
        this.window = properties.alertViewWindow();
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "alert-view-loader");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "alert-ingest-view",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c =
                        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
                SosEventDeserializer events = new SosEventDeserializer()) {
            consumer = c;
            List<TopicPartition> partitions = awaitPartitions(c);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            seekToWindow(c, partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            boolean caughtUp = false;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                    apply(events, record);
                }
                if (!caughtUp && ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    log.info("alert view rebuilt from {}: {} alerts", Topics.ALERTS.name(), book.size());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            if (running) {
                log.error("alert view loader stopped: {}", e.toString());
            }
        }
    }

    private void apply(SosEventDeserializer events, ConsumerRecord<String, byte[]> record) {
        SosEvent event;
        try {
            event = events.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            log.warn("skipped an unreadable record at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        if (event instanceof AlertLifecycleEvent lifecycle) {
            book.apply(lifecycle);
            intake.stored(
                    lifecycle, ProvenanceHeaders.read(record.headers()), Instant.ofEpochMilli(record.timestamp()));
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            try {
                List<PartitionInfo> infos = c.partitionsFor(Topics.ALERTS.name(), Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
                }
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                // broker not there yet, or topic not created yet
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    private void seekToWindow(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions) {
        long since = Instant.now().minus(window).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = found.get(p);
            if (at == null) {
                c.seekToEnd(List.of(p));
            } else {
                c.seek(p, at.offset());
            }
        }
    }
}
