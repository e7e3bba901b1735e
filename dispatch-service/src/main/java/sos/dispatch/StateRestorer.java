package sos.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.DispatchEvent;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.contracts.UnitStateChanged;
import sos.dispatch.domain.Dispatcher;

/**
 * Rebuilds the dispatch state from the topics before the service takes any alert or request (phase 0, before the
 * listener containers and the web server), then keeps following them:
 *
 * <ul>
 *   <li>at start, the compacted {@code sos.units.state}, {@code sos.alerts} and {@code sos.dispatch.assignments} are
 *       read from the beginning to their end offsets; decisions and unit states are reconciled, and units never
 *       written are seeded from the fleet file. A restarted instance so knows every decided alert (a redelivery
 *       re-publishes the decision) and every pending acknowledgement deadline (an overdue one fires at once);
 *   <li>afterwards one thread keeps reading the three topics (no consumer group: every partition, every instance),
 *       so that an instance that is not the decider has the decider's state when it takes over
 *       ({@link #catchUp()}, called on partition assignment).
 * </ul>
 */
@Component
class StateRestorer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StateRestorer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long TOPIC_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final List<String> TOPICS =
            List.of(Topics.UNIT_STATE.name(), Topics.ALERTS.name(), Topics.ASSIGNMENTS.name());

    private final Dispatcher dispatcher;
    private final EventPublisher publisher;
    private final KafkaProperties kafkaProperties;
    private final DispatchProperties properties;
    private final Object catchUpLock = new Object();
    private volatile boolean running;
    private volatile CountDownLatch catchUpRequest;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread follower;

    StateRestorer(
            Dispatcher dispatcher,
            EventPublisher publisher,
            KafkaProperties kafkaProperties,
            DispatchProperties properties) {
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.kafkaProperties = kafkaProperties;
        this.properties = properties;
    }

    @Override
    public void start() {
        long started = System.nanoTime();
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        assignNewPartitions();
        Map<String, Integer> counts = new HashMap<>();
        readToEnd(counts);
        publisher.publish(dispatcher::reconcile);
        publisher.publish(dispatcher::unpublishedUnits);
        log.info(
                "Dispatch state rebuilt in {} ms from {} unit states, {} alert events, {} decisions",
                (System.nanoTime() - started) / 1_000_000,
                counts.getOrDefault(Topics.UNIT_STATE.name(), 0),
                counts.getOrDefault(Topics.ALERTS.name(), 0),
                counts.getOrDefault(Topics.ASSIGNMENTS.name(), 0));
        running = true;
        follower = new Thread(this::follow, "dispatch-state-follower");
        follower.setDaemon(true);
        follower.start();
    }

    /**
     * Blocks until this instance has applied everything on the three topics up to their end offsets now: called when
     * this instance becomes the decider, before it decides anything.
     */
    void catchUp() {
        CountDownLatch done;
        synchronized (catchUpLock) {
            done = catchUpRequest == null ? new CountDownLatch(1) : catchUpRequest;
            catchUpRequest = done;
        }
        try {
            if (!done.await(properties.restoreTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not catch up with the dispatch state within "
                        + properties.restoreTimeout() + " (SOS_DISPATCH_RESTORE_TIMEOUT)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while catching up", e);
        }
    }

    private void follow() {
        long lastTopicCheck = System.nanoTime();
        try {
            while (running) {
                CountDownLatch request;
                synchronized (catchUpLock) {
                    request = catchUpRequest;
                    catchUpRequest = null;
                }
                if (request != null) {
                    readToEnd(new HashMap<>());
                    request.countDown();
                    continue;
                }
                if (System.nanoTime() - lastTopicCheck > TOPIC_RECHECK_NANOS) {
                    assignNewPartitions();
                    lastTopicCheck = System.nanoTime();
                }
                apply(consumer.poll(POLL), new HashMap<>());
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("The dispatch state follower stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Assigns partitions of topics that exist now and were not assigned yet, from their beginning. */
    private void assignNewPartitions() {
        Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : TOPICS) {
            try {
                consumer.partitionsFor(topic, Duration.ofSeconds(5)).forEach(info -> {
                    TopicPartition partition = new TopicPartition(topic, info.partition());
                    if (assigned.add(partition)) {
                        added.add(partition);
                    }
                });
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.debug("{} not available yet", topic);
            }
        }
        if (!added.isEmpty()) {
            consumer.assign(assigned);
            consumer.seekToBeginning(added);
        }
    }

    private void readToEnd(Map<String, Integer> counts) {
        Set<TopicPartition> partitions = consumer.assignment();
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + properties.restoreTimeout().toNanos();
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read the dispatch topics to their end within "
                        + properties.restoreTimeout() + " (SOS_DISPATCH_RESTORE_TIMEOUT)");
            }
            apply(consumer.poll(POLL), counts);
        }
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records, Map<String, Integer> counts) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            SosEvent event;
            try {
                event = EventJson.fromBytes(record.value());
            } catch (RuntimeException e) {
                continue; // the live listener sends such a record to the dead-letter topic
            }
            if (event instanceof UnitStateChanged state) {
                dispatcher.restoreUnit(state);
            } else if (event instanceof AlertLifecycleEvent alert) {
                dispatcher.restoreAlert(alert);
            } else if (event instanceof DispatchEvent decision) {
                dispatcher.restoreDecision(decision);
            }
            counts.merge(record.topic(), 1, Integer::sum);
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (follower != null) {
            try {
                follower.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
