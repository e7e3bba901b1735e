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
import org.springframework.context.SmartLifecycle;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;

/**
 * Follows one of the service's own topics from {@code window} back in time to its end and on: every instance reads
 * every partition (manual assignment, no consumer group, no committed offsets) and hands each readable event to
 * {@link #apply}. Records it cannot read are skipped (a follower keeps a view, it is not a processor: nothing to
 * dead-letter).
 */
abstract class TopicFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String topic;
    private final Map<String, Object> kafka;
    private final Duration window;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    private final Duration fetchWait;

    /** @param fetchWait how long the broker may hold a read to batch records (how far the view may lag) */
    /**
     * @param kafka the application's consumer settings ({@code spring.kafka.*}: bootstrap servers, security), to which
     *     the follower adds its own
     */
    TopicFollower(String topic, Map<String, Object> kafka, Duration window, Duration fetchWait) {
        this.topic = topic;
        this.kafka = Map.copyOf(kafka);
        this.fetchWait = fetchWait;
        this.window = window;
    }

    /** One event read from the topic, with its record (headers, timestamp). */
    abstract void apply(SosEvent event, ConsumerRecord<String, byte[]> record);

    /** Once, when everything that was on the topic at the start has been applied. */
    abstract void caughtUp();

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, topic + "-follower");
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
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG); // every instance reads everything, no group
        config.putAll(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG,
                "alert-ingest-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                // batch the reads: without this the broker answers one fetch per record written, which at 1,000
                // alerts/s doubles its request rate and competes with the acks=all produce path for the CPU
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                16_384,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                (int) fetchWait.toMillis()));
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
                    caughtUp();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            if (running) {
                log.error("{} follower stopped: {}", topic, e.toString());
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
        apply(event, record);
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            try {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
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
