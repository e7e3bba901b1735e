package sos.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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
 * listener containers and the web server): the units from the compacted {@code sos.units.state}, the alerts from
 * {@code sos.alerts}, the decisions from {@code sos.dispatch.assignments}, each read from the beginning to its end
 * offset at start. Then the decisions and the unit states are reconciled, and units never written are seeded from the
 * fleet file. A restarted instance therefore knows every decided alert (a redelivery re-publishes the decision) and
 * every pending acknowledgement deadline (an overdue one fires at once).
 */
@Component
class StateRestorer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StateRestorer.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Dispatcher dispatcher;
    private final EventPublisher publisher;
    private final KafkaProperties kafkaProperties;
    private final DispatchProperties properties;
    private volatile boolean running;

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
        int units = replay(Topics.UNIT_STATE.name(), event -> {
            if (event instanceof UnitStateChanged state) {
                dispatcher.restoreUnit(state);
            }
        });
        int alerts = replay(Topics.ALERTS.name(), event -> {
            if (event instanceof AlertLifecycleEvent alert) {
                dispatcher.restoreAlert(alert);
            }
        });
        int decisions = replay(Topics.ASSIGNMENTS.name(), event -> {
            if (event instanceof DispatchEvent decision) {
                dispatcher.restoreDecision(decision);
            }
        });
        publisher.publish(dispatcher::reconcile);
        publisher.publish(dispatcher::unpublishedUnits);
        log.info(
                "Dispatch state rebuilt in {} ms from {} unit states, {} alert events, {} decisions",
                (System.nanoTime() - started) / 1_000_000,
                units,
                alerts,
                decisions);
        running = true;
    }

    /** Reads a topic from the beginning to the end offsets it has now; unreadable records are skipped. */
    private int replay(String topic, Consumer<SosEvent> apply) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        int count = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, properties.restoreTimeout()).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return 0;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + properties.restoreTimeout().toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within "
                            + properties.restoreTimeout() + " (SOS_DISPATCH_RESTORE_TIMEOUT)");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.value() == null) {
                        continue;
                    }
                    SosEvent event;
                    try {
                        event = EventJson.fromBytes(record.value());
                    } catch (RuntimeException e) {
                        continue; // the live listener sends such a record to the dead-letter topic
                    }
                    apply.accept(event);
                    count++;
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            log.info("{} not available yet: nothing to restore from it", topic);
        }
        return count;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
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
