package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;

/** Reads what the service wrote to a topic between two moments, with a real consumer. */
final class AlertsTopic implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final KafkaConsumer<String, SosEvent> consumer;
    private final String topic;

    AlertsTopic(String bootstrap, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new SosEventDeserializer());
    }

    Map<TopicPartition, Long> endOffsets() {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, WAIT);
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        return new HashMap<>(consumer.endOffsets(assigned, WAIT));
    }

    /** Every record written since {@code start}, up to the end offsets of now. */
    List<ConsumerRecord<String, SosEvent>> since(Map<TopicPartition, Long> start) {
        Map<TopicPartition, Long> end = endOffsets();
        consumer.assign(start.keySet());
        start.forEach(consumer::seek);
        List<ConsumerRecord<String, SosEvent>> records = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (start.keySet().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            assertThat(System.nanoTime())
                    .as("read up to the end offsets in time")
                    .isLessThan(deadline);
            for (ConsumerRecord<String, SosEvent> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    List<SosEvent> eventsSince(Map<TopicPartition, Long> start) {
        return since(start).stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
