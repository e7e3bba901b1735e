package sos.notification;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import sos.contracts.EventJson;
import sos.contracts.NotificationSent;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.notification.domain.RecentAlerts;
import sos.notification.domain.RecentDeliveries;
import sos.notification.domain.ack.PendingAcks;
import sos.notification.domain.delivery.DeliveryIds;
import sos.notification.domain.routing.RoutingRules;

/**
 * Makes delivery crash-safe: before the listener consumes anything, this reads back the outcome events on
 * {@code sos.notifications} of the last {@code lookback} into {@link RecentDeliveries}, and then keeps following the
 * topic (every partition, no consumer group), so that a delivery any instance completed and recorded is not sent again
 * when its event is redelivered after a crash or a rebalance.
 *
 * <p>It starts in a phase before the listener containers and {@link #start} returns only when everything up to the
 * end offsets it found has been read. While following, it fetches by the 64 KB or 100 ms (the topic has an outcome per
 * delivery), and it parses only a {@code NotificationSent} whose delivery is not known already: the outcomes this
 * instance recorded itself, most of the topic, are passed over by their delivery id header.
 */
final class DeliveryLedger implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLedger.class);

    /** Before the listener containers (their default phase is {@code Integer.MAX_VALUE - 100}). */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    private final RecentDeliveries deliveries;
    private final RoutingRules rules;
    private final Map<String, Object> consumerConfig;
    private final Duration lookback;
    private final Clock clock;
    private final AtomicLong loaded = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread follower;
    private volatile boolean running;
    private volatile PendingAcks pendingAcks;
    private volatile RecentAlerts alerts;

    /**
     * @param kafka the application's Kafka consumer settings (bootstrap servers, and the SASL settings of a secured
     *     cluster); the ledger reads without a consumer group and never commits
     */
    DeliveryLedger(
            RecentDeliveries deliveries,
            RoutingRules rules,
            Map<String, Object> kafka,
            Duration lookback,
            Clock clock) {
        this.deliveries = deliveries;
        this.rules = rules;
        this.lookback = lookback;
        this.clock = clock;
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "notification-delivery-ledger");
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        this.consumerConfig = Map.copyOf(config);
    }

    /**
     * Also remember which alerts were cancelled under duress (a duress message was delivered for them), so that after
     * a restart their consulates are still told nothing more of them.
     */
    DeliveryLedger rememberingDuress(RecentAlerts alerts) {
        this.alerts = alerts;
        return this;
    }

    /** Also rebuild the deliveries that wait for an acknowledgement. */
    DeliveryLedger tracking(PendingAcks pendingAcks) {
        this.pendingAcks = pendingAcks;
        return this;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void start() {
        Properties properties = new Properties();
        properties.putAll(consumerConfig);
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.NOTIFICATIONS.name(), Duration.ofSeconds(30));
        List<TopicPartition> partitions = infos == null
                ? List.of()
                : infos.stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
        consumer.assign(partitions);
        seekToLookback(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long started = System.nanoTime();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            consumer.poll(Duration.ofMillis(200)).forEach(this::record);
        }
        log.info(
                "Delivery ledger: read back {} completed deliveries of the last {} from {} partitions in {} ms",
                loaded.get(),
                lookback,
                partitions.size(),
                (System.nanoTime() - started) / 1_000_000);
        running = true;
        follower = new Thread(this::follow, "notification-delivery-ledger");
        follower.setDaemon(true);
        follower.start();
    }

    private void seekToLookback(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = clock.instant().minus(lookback).toEpochMilli();
        partitions.forEach(partition -> since.put(partition, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
        consumer.seekToEnd(partitions);
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                consumer.seek(partition, offset.offset());
            }
        });
    }

    private void follow() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(500)).forEach(this::record);
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error(
                    "Delivery ledger stopped following {}: {}",
                    Topics.NOTIFICATIONS.name(),
                    e.getClass().getName());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void record(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || !EventTypes.mayBe(record.value(), "NotificationSent") || known(record)) {
            return;
        }
        SosEvent event;
        try {
            event = EventJson.fromBytes(record.value());
        } catch (RuntimeException e) {
            return; // not ours to judge: audit dead-letters what it cannot read
        }
        if (event instanceof NotificationSent sent) {
            deliveries.remember(
                    DeliveryIds.deliveryId(sent.subjectEventId(), sent.recipientId(), sent.channel()), sent);
            loaded.incrementAndGet();
            RecentAlerts duress = alerts;
            if (duress != null && "DuressSignalled".equals(sent.subjectEventType())) {
                duress.markDuress(sent.alertId());
            }
        }
    }

    /** A delivery whose outcome is remembered already (this instance recorded it, or read it before). */
    private boolean known(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(KafkaOutcomePublisher.DELIVERY_ID_HEADER);
        if (header == null || header.value() == null) {
            return false;
        }
        try {
            return deliveries.find(UUID.fromString(new String(header.value(), StandardCharsets.US_ASCII))) != null;
        } catch (IllegalArgumentException e) {
            return false; // not a delivery id: the event itself says
        }
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
