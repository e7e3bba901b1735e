package sos.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import sos.contracts.EventJson;
import sos.contracts.Topics;
import sos.local.cli.SosClient;
import sos.testsupport.WebhookReceiver;
import tools.jackson.databind.JsonNode;

/**
 * Poison records on every input topic of every service, on every partition: bytes that are not JSON, JSON of another
 * shape, and JSON naming the topic's event type without its fields. Each consuming service must put each of them on
 * its dead-letter topic ({@code sos.dlt.<service>}) with the origin headers, its consumer group must be past them
 * within 5 s, the audit trail must keep the dead letters, and a valid alert sent afterwards must still be dispatched,
 * notified and audited.
 *
 * <p>Views that read a topic without a consumer group (alert-ingest's followers, dispatch's state restorer on
 * {@code sos.units.state}) skip what they cannot read and dead-letter nothing: every instance reads every record and
 * re-reads them on each start, so a dead letter from them would be written again and again. The processors (consumer
 * groups) dead-letter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoisonRecordsIT {

    private static final Duration FLOW = Duration.ofSeconds(90);
    private static final Duration LAG_BACK_TO_ZERO = Duration.ofSeconds(5);
    private static final String RETRY_TOPIC = "sos.notification-service.delivery-retry";

    /** Each input topic, and the consumer groups that read it, with the dead-letter topic of each group's service. */
    private static final Map<String, Map<String, String>> CONSUMERS = new LinkedHashMap<>();

    /** The event type each topic carries, for the poison that names it without its fields. */
    private static final Map<String, String> EVENT_TYPE = Map.of(
            Topics.ALERTS.name(),
            "AlertRaised",
            Topics.ALERTS_REJECTED.name(),
            "AlertRejected",
            Topics.ASSIGNMENTS.name(),
            "UnitsAssigned",
            Topics.NOTIFICATIONS.name(),
            "NotificationAcknowledged",
            Topics.UNIT_STATE.name(),
            "UnitStateChanged",
            RETRY_TOPIC,
            "DeliveryJob");

    static {
        String dispatch = Topics.deadLetterTopicOf(Topics.DISPATCH);
        String notification = Topics.deadLetterTopicOf(Topics.NOTIFICATION);
        String audit = Topics.deadLetterTopicOf(Topics.AUDIT);
        CONSUMERS.put(
                Topics.ALERTS.name(),
                Map.of("dispatch-service", dispatch, "notification-service", notification, "audit-service", audit));
        CONSUMERS.put(Topics.ALERTS_REJECTED.name(), Map.of("audit-service", audit));
        CONSUMERS.put(Topics.ASSIGNMENTS.name(), Map.of("notification-service", notification, "audit-service", audit));
        // notification-service reads it for acknowledgements (its own group), audit-service for the trail
        CONSUMERS.put(
                Topics.NOTIFICATIONS.name(), Map.of("notification-service-acks", notification, "audit-service", audit));
        CONSUMERS.put(RETRY_TOPIC, Map.of("notification-service-retries", notification));
        // read by dispatch-service's state restorer only (no group): skipped, nothing to dead-letter
        CONSUMERS.put(Topics.UNIT_STATE.name(), Map.of());
    }

    @TempDir
    static Path data;

    private WebhookReceiver receiver;
    private LocalStack stack;
    private Endpoints endpoints;
    private SosClient client;
    private Admin admin;
    private KafkaProducer<String, byte[]> producer;

    /** Every poison record sent: where it went, and what. */
    private final List<Poison> sent = new ArrayList<>();

    record Poison(String topic, int partition, long offset, String variant, byte[] value) {}

    @BeforeAll
    void startTheStackAndRaiseOneAlert() throws Exception {
        Credentials credentials = new Credentials(
                "de-demo-1",
                "poison-demo-secret",
                "poison-webhook-secret",
                "poison-analyst",
                "poison-ops",
                "sos_audit",
                "poison-db",
                "246810",
                "135790");
        Files.writeString(data.resolve("credentials.json"), EventJson.mapper().writeValueAsString(credentials));
        receiver = WebhookReceiver.start(0, "poison-webhook-secret".getBytes(StandardCharsets.UTF_8));
        StackOptions options = StackOptions.randomPorts(
                        data, RepoRoot.find(), "http://127.0.0.1:" + receiver.port() + "/hooks")
                // every press a new incident
                .withServiceEnv(Map.of("SOS_INGEST_REPEAT_WINDOW", "0s"))
                .withReadyTimeout(Duration.ofSeconds(400));
        stack = LocalStack.start(options, System.out);
        endpoints = stack.endpoints();
        client = new SosClient(
                endpoints.ingest(), endpoints.audit(), "de-demo-1", "poison-demo-secret", "poison-analyst");
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka());
        admin = Admin.create(p);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
        // every service has joined its groups and read its topics once before any poison comes
        String first = raiseAndAwaitEverything("before the poison");
        System.out.println("PoisonRecordsIT: a first alert " + first + " went through every service");
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /**
     * One round per topic and kind of poison: the poison goes to every partition at once, and each consumer group's
     * committed offsets must reach the end of every partition within 5 s of the send.
     */
    @Test
    @Order(1)
    void shouldDeadLetterPoisonOnEveryInputTopicAndBePastItWithinFiveSeconds() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> topic : CONSUMERS.entrySet()) {
            for (Map.Entry<String, byte[]> variant : variants(topic.getKey()).entrySet()) {
                long sentAt = System.nanoTime();
                Map<TopicPartition, Long> ends = poison(topic.getKey(), variant.getKey(), variant.getValue());
                Map<String, Duration> took =
                        awaitCommitted(topic.getValue().keySet(), ends, sentAt, Duration.ofSeconds(30));
                StringBuilder line = new StringBuilder(String.format(
                        "PoisonRecordsIT: %-40s %-34s on %d partitions:",
                        topic.getKey(), variant.getKey(), ends.size()));
                if (took.isEmpty()) {
                    line.append(" no consumer group reads it");
                }
                for (String group : topic.getValue().keySet()) {
                    Duration t = took.get(group);
                    line.append(String.format(
                            " %s lag 0 after %s;",
                            group, t == null ? "MORE than 30 s" : String.format("%.2f s", t.toMillis() / 1000.0)));
                    if (t == null || t.compareTo(LAG_BACK_TO_ZERO) > 0) {
                        failures.add(topic.getKey() + " " + variant.getKey() + ": " + group + " "
                                + (t == null ? "> 30 s" : t.toMillis() + " ms"));
                    }
                }
                System.out.println(line + " (load average " + loadAverage() + ")");
            }
        }
        assertThat(failures)
                .as("consumer groups not past the poison within 5 s")
                .isEmpty();
    }

    @Test
    @Order(2)
    void shouldPutEveryPoisonRecordOnTheDeadLetterTopicOfEachServiceThatReadsIt() throws Exception {
        List<String> dlts = CONSUMERS.values().stream()
                .flatMap(groups -> groups.values().stream())
                .distinct()
                .toList();
        long deadline = System.nanoTime() + FLOW.toNanos();
        List<String> missing;
        Map<String, List<ConsumerRecord<byte[], byte[]>>> letters;
        do {
            letters = readAll(dlts);
            missing = new ArrayList<>();
            for (Poison poison : sent) {
                for (String dlt : CONSUMERS.get(poison.topic()).values().stream()
                        .distinct()
                        .toList()) {
                    ConsumerRecord<byte[], byte[]> letter = find(letters.get(dlt), poison);
                    if (letter == null) {
                        missing.add(dlt + " lacks " + describe(poison));
                    } else {
                        assertThat(letter.value())
                                .as("the dead letter of %s on %s keeps the original bytes", describe(poison), dlt)
                                .isEqualTo(poison.value());
                        assertThat(header(letter, "kafka_dlt-exception-fqcn"))
                                .as("exception of %s on %s", describe(poison), dlt)
                                .isNotBlank();
                    }
                }
            }
            if (!missing.isEmpty()) {
                Thread.sleep(500);
            }
        } while (!missing.isEmpty() && System.nanoTime() < deadline);
        for (String dlt : dlts) {
            System.out.printf(
                    "PoisonRecordsIT: %s holds %d dead letters%n",
                    dlt, letters.get(dlt).size());
        }
        assertThat(missing).as("poison records not on a dead-letter topic").isEmpty();
        long expected =
                sent.stream().mapToLong(p -> CONSUMERS.get(p.topic()).size()).sum();
        System.out.printf(
                "PoisonRecordsIT: %d poison records sent, %d dead letters expected (one per consuming group), all found%n",
                sent.size(), expected);
    }

    @Test
    @Order(3)
    void shouldKeepEveryDeadLetterInTheAuditTrail() throws Exception {
        long expected =
                sent.stream().mapToLong(p -> CONSUMERS.get(p.topic()).size()).sum();
        long deadline = System.nanoTime() + FLOW.toNanos();
        List<String> missing;
        do {
            List<JsonNode> stored = auditDeadLetters();
            missing = new ArrayList<>();
            for (Poison poison : sent) {
                for (String dlt : CONSUMERS.get(poison.topic()).values()) {
                    boolean found = stored.stream()
                            .anyMatch(letter -> letter.path("topic").asString().equals(dlt)
                                    && letter.path("originalTopic").asString().equals(poison.topic())
                                    && letter.path("originalPartition").asInt() == poison.partition()
                                    && letter.path("originalOffset").asLong() == poison.offset()
                                    && Arrays.equals(
                                            Base64.getDecoder()
                                                    .decode(letter.path("valueBase64")
                                                            .asString()),
                                            poison.value()));
                    if (!found) {
                        missing.add(dlt + " " + describe(poison));
                    }
                }
            }
            if (!missing.isEmpty()) {
                Thread.sleep(500);
            }
        } while (!missing.isEmpty() && System.nanoTime() < deadline);
        assertThat(missing).as("dead letters not in the audit trail").isEmpty();
        System.out.printf("PoisonRecordsIT: the audit trail holds all %d dead letters%n", expected);
    }

    @Test
    @Order(4)
    void shouldStillDispatchNotifyAndAuditAValidAlertSentAfterThePoison() throws Exception {
        String alertId = raiseAndAwaitEverything("after the poison");
        System.out.println(
                "PoisonRecordsIT: alert " + alertId + " sent after the poison was assigned, notified and" + " audited");
    }

    /** Raises an alert and waits until it is assigned, the control room is told, and the audit trail has it all. */
    private String raiseAndAwaitEverything(String when) throws Exception {
        SosClient.Response accepted =
                client.raiseAlert("{\"type\":\"ARMED_ATTACK\",\"location\":{\"lat\":24.8138,\"lon\":67.03},"
                        + "\"description\":\"poison test, " + when + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String alertId =
                EventJson.mapper().readTree(accepted.body()).path("alertId").asString();
        assertThat(receiver.await(
                        d -> d.recipientId().equals("police-control-room") && isAbout(d, alertId, "AlertRaised"), FLOW))
                .as("control room told of the alert %s", when)
                .isNotNull();
        assertThat(receiver.await(
                        d -> d.recipientId().equals("police-control-room") && isAbout(d, alertId, "UnitsAssigned"),
                        FLOW))
                .as("control room told of the assignment %s", when)
                .isNotNull();
        long deadline = System.nanoTime() + FLOW.toNanos();
        List<String> types = List.of();
        while (System.nanoTime() < deadline) {
            SosClient.Response timeline = client.timeline(alertId);
            if (timeline.status() == 200) {
                types = new ArrayList<>();
                for (JsonNode entry :
                        EventJson.mapper().readTree(timeline.body()).path("events")) {
                    types.add(entry.path("event").path("eventType").asString());
                }
                if (types.containsAll(List.of("AlertRaised", "UnitsAssigned", "NotificationSent"))) {
                    return alertId;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the audit timeline of " + alertId + " (" + when + ") is " + types);
    }

    /** Bytes that are not JSON; JSON of another shape; JSON naming the topic's event type without its fields. */
    private static Map<String, byte[]> variants(String topic) {
        Map<String, byte[]> variants = new LinkedHashMap<>();
        variants.put(
                "not JSON", new byte[] {(byte) 0xff, (byte) 0xfe, 'n', 'o', 't', ' ', 'J', 'S', 'O', 'N', ' ', '{'});
        variants.put(
                "JSON of another shape",
                "{\"unexpected\":\"shape\",\"alertId\":42,\"items\":[1,2,3]}".getBytes(StandardCharsets.UTF_8));
        variants.put(
                "the event type without its fields",
                ("{\"eventType\":\"" + EVENT_TYPE.get(topic) + "\",\"eventId\":\"not-a-uuid\"}")
                        .getBytes(StandardCharsets.UTF_8));
        return variants;
    }

    /**
     * Sends one poison to every partition of the topic; returns each partition's end offset after it. Keyed
     * ("poison-..."), so that a compacted topic keeps them apart from real records.
     */
    private Map<TopicPartition, Long> poison(String topic, String variant, byte[] value) throws Exception {
        int partitions = producer.partitionsFor(topic).size();
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sending = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            sending.add(producer.send(new ProducerRecord<>(
                    topic, partition, "poison-" + variant.replace(' ', '-') + "-" + partition, value)));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (var future : sending) {
            var metadata = future.get(30, TimeUnit.SECONDS);
            sent.add(new Poison(topic, metadata.partition(), metadata.offset(), variant, value));
            ends.put(new TopicPartition(topic, metadata.partition()), metadata.offset() + 1);
        }
        return ends;
    }

    /**
     * For each group, how long from {@code sentAt} until its committed offsets reached {@code ends} on every partition;
     * a group that did not in time is missing from the answer (and its offsets are printed).
     */
    private Map<String, Duration> awaitCommitted(
            java.util.Set<String> groups, Map<TopicPartition, Long> ends, long sentAt, Duration timeout)
            throws Exception {
        Map<String, Duration> took = new LinkedHashMap<>();
        while (took.size() < groups.size() && System.nanoTime() - sentAt < timeout.toNanos()) {
            for (String group : groups) {
                if (took.containsKey(group)) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                boolean past = ends.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata at = committed.get(e.getKey());
                    return at != null && at.offset() >= e.getValue();
                });
                if (past) {
                    took.put(group, Duration.ofNanos(System.nanoTime() - sentAt));
                }
            }
            Thread.sleep(20);
        }
        for (String group : groups) {
            if (!took.containsKey(group)) {
                System.out.println("PoisonRecordsIT: " + group + " committed "
                        + admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get(10, TimeUnit.SECONDS)
                        + ", ends " + ends);
            }
        }
        return took;
    }

    private Map<String, List<ConsumerRecord<byte[], byte[]>>> readAll(List<String> topics) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byTopic = new HashMap<>();
        topics.forEach(t -> byTopic.put(t, new ArrayList<>()));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic)
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    byTopic.get(record.topic()).add(record);
                }
            }
        }
        return byTopic;
    }

    private static ConsumerRecord<byte[], byte[]> find(List<ConsumerRecord<byte[], byte[]>> letters, Poison poison) {
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            Header partition = letter.headers().lastHeader("kafka_dlt-original-partition");
            Header offset = letter.headers().lastHeader("kafka_dlt-original-offset");
            if (poison.topic().equals(header(letter, "kafka_dlt-original-topic"))
                    && partition != null
                    && ByteBuffer.wrap(partition.value()).getInt() == poison.partition()
                    && offset != null
                    && ByteBuffer.wrap(offset.value()).getLong() == poison.offset()) {
                return letter;
            }
        }
        return null;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private List<JsonNode> auditDeadLetters() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            endpoints.audit() + "/api/v1/audit/dead-letters?limit=1000&afterId=" + after))
                    .header("Authorization", "Bearer poison-analyst")
                    .build();
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = EventJson.mapper().readTree(response.body());
            JsonNode letters = page.path("deadLetters");
            if (letters.isEmpty()) {
                return all;
            }
            letters.forEach(all::add);
            after = page.path("nextAfterId").asLong();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String describe(Poison poison) {
        return poison.variant() + " at " + poison.topic() + "-" + poison.partition() + "@" + poison.offset();
    }

    private static boolean isAbout(WebhookReceiver.Delivery delivery, String alertId, String eventType) {
        JsonNode event = EventJson.mapper().readTree(delivery.body()).path("event");
        return alertId.equals(event.path("alertId").asString())
                && eventType.equals(event.path("eventType").asString());
    }
}
