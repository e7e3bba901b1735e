package sos.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;

/** A real producer and consumer against the embedded broker, for the integration tests. */
final class Broker {

    static final Duration WAIT = Duration.ofSeconds(40);

    private final String bootstrap;

    Broker(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void createAlertsTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            if (!topics.contains(Topics.ALERTS.name())) {
                try {
                    admin.createTopics(List.of(new NewTopic(Topics.ALERTS.name(), 6, (short) 1)))
                            .all()
                            .get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // created a moment ago and not yet in the listing: there it is
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    void publish(SosEvent... events) throws Exception {
        for (SosEvent event : events) {
            publish(new ProducerRecord<>(Topics.ALERTS.name(), event.key(), event));
        }
    }

    /** One record as it is given (headers included) to {@code sos.alerts}. */
    void publish(ProducerRecord<String, SosEvent> record) throws Exception {
        try (KafkaProducer<String, SosEvent> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new SosEventSerializer())) {
            producer.send(record).get(10, TimeUnit.SECONDS);
        }
    }

    /** Everything on the topic under the key, in offset order, once {@code done} holds for the list (or fails). */
    List<SosEvent> awaitEvents(String topic, String key, Predicate<List<SosEvent>> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<SosEvent> found = List.of();
        while (System.nanoTime() < deadline) {
            found = readAll(topic, key);
            if (done.test(found)) {
                return found;
            }
            sleep(200);
        }
        throw new AssertionError("not there on " + topic + " within " + WAIT + "; found " + found);
    }

    List<SosEvent> readAll(String topic, String key) {
        return records(topic, key).stream().map(ConsumerRecord::value).toList();
    }

    /** The records on the topic under the key (headers included), in partition and offset order. */
    List<ConsumerRecord<String, SosEvent>> records(String topic, String key) {
        try (KafkaConsumer<String, SosEvent> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new SosEventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, SosEvent>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records.stream()
                    .filter(record -> key == null || key.equals(record.key()))
                    .sorted(Comparator.<ConsumerRecord<String, SosEvent>>comparingInt(ConsumerRecord::partition)
                            .thenComparingLong(ConsumerRecord::offset))
                    .toList();
        }
    }

    static <T> List<T> ofType(List<SosEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
