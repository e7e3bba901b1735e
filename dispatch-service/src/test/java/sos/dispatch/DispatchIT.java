package sos.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.EventJson;
import sos.contracts.GeoPoint;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;
import sos.contracts.UnitsAssigned.Assignment;
import sos.testsupport.Karachi;
import tools.jackson.databind.JsonNode;

/**
 * The service against a real (embedded KRaft) broker on which topics are not auto-created, as under the local-stack
 * launcher: the service creates the topics it writes; {@code sos.alerts} is created by this test only after the service
 * has started, the way alert-ingest may create it later.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sos.kafka.retry-backoff=100ms",
            "sos.dispatch.ops-token=it-ops-token",
            "logging.level.kafka=WARN",
            "logging.level.org.apache.kafka=WARN",
            "logging.level.state.change.logger=WARN"
        })
@EmbeddedKafka(
        partitions = 6,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0"})
class DispatchIT {

    private static final String TOKEN = "it-ops-token";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicBoolean alertsTopicCreatedAfterStartup = new AtomicBoolean();

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private EmbeddedKafkaBroker broker;

    @LocalServerPort
    private int port;

    @BeforeEach
    void createTheAlertsTopicOnceTheServiceRuns() throws Exception {
        synchronized (DispatchIT.class) {
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
                Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                if (!topics.contains(Topics.ALERTS.name())) {
                    admin.createTopics(List.of(new NewTopic(Topics.ALERTS.name(), 6, (short) 1)))
                            .all()
                            .get(10, TimeUnit.SECONDS);
                    alertsTopicCreatedAfterStartup.set(true);
                }
            }
        }
    }

    @AfterEach
    void clearEveryDispatchedUnit() throws Exception {
        for (JsonNode unit : json(get("/api/v1/units", TOKEN))) {
            if (unit.path("status").asString().equals("DISPATCHED")) {
                post("/api/v1/units/" + unit.path("unitId").asString() + "/clear", TOKEN);
            }
        }
    }

    @Test
    void shouldCreateTheTopicsItWritesWithSixPartitions() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            var descriptions = admin.describeTopics(
                            List.of(Topics.ASSIGNMENTS.name(), Topics.deadLetterTopicOf("dispatch-service")))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            assertThat(descriptions.values())
                    .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(6));
        }
    }

    @Test
    void shouldReadAlertsInTheDispatchServiceConsumerGroup() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            await().atMost(WAIT).untilAsserted(() -> {
                var group = admin.describeConsumerGroups(List.of("dispatch-service"))
                        .describedGroups()
                        .get("dispatch-service")
                        .get(10, TimeUnit.SECONDS);
                assertThat(group.members())
                        .flatExtracting(member -> member.assignment().topicPartitions())
                        .extracting(TopicPartition::topic)
                        .hasSize(6)
                        .containsOnly(Topics.ALERTS.name());
            });
        }
    }

    @Test
    void shouldPickUpAlertsFromAnAlertsTopicCreatedAfterTheServiceStarted() throws Exception {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.ORANGI, false);

        publish(alert);

        assertThat(alertsTopicCreatedAfterStartup).isTrue();
        UnitsAssigned event = awaitAssignments(alert.alertId(), 1).get(0).value();
        assertThat(event.assignments()).extracting(Assignment::unitId).containsExactly("KHI-PL-WST-01");
    }

    @Test
    void shouldSendTheNearestCliftonUnitsToACriticalAlertInClifton() throws Exception {
        AlertRaised alert = alert(AlertType.ARMED_ATTACK, Karachi.CLIFTON, false);

        publish(alert);

        ConsumerRecord<String, UnitsAssigned> record =
                awaitAssignments(alert.alertId(), 1).get(0);
        UnitsAssigned event = record.value();
        assertThat(record.key()).isEqualTo(alert.alertId().toString());
        assertThat(event.eventId())
                .isEqualTo(
                        UUID.nameUUIDFromBytes(("UnitsAssigned:" + alert.eventId()).getBytes(StandardCharsets.UTF_8)));
        assertThat(event.alertEventId()).isEqualTo(alert.eventId());
        assertThat(event.requested()).isEqualTo(3);
        assertThat(event.assignments()).hasSize(3);
        assertThat(event.assignments().get(0).unitId()).startsWith("KHI-PL-CLF-");
        assertThat(event.assignments().get(0).distanceKm()).isLessThan(1.0);
        assertThat(event.assignments()).extracting(Assignment::distanceKm).isSorted();
        assertThat(event.assignments())
                .extracting(Assignment::capability)
                .contains("QUICK_RESPONSE_FORCE", "RANGERS_QRF");
        for (Assignment assignment : event.assignments()) {
            JsonNode unit = json(get("/api/v1/units/" + assignment.unitId(), TOKEN));
            assertThat(unit.path("status").asString()).isEqualTo("DISPATCHED");
            assertThat(unit.path("alertId").asString())
                    .isEqualTo(alert.alertId().toString());
        }
    }

    @Test
    void shouldRepublishTheSameDecisionAndReserveNothingMoreWhenAnAlertIsRedelivered() throws Exception {
        AlertRaised alert = alert(AlertType.INTRUSION, Karachi.SADDAR, false);
        publish(alert);
        UnitsAssigned first = awaitAssignments(alert.alertId(), 1).get(0).value();

        publish(alert);

        List<ConsumerRecord<String, UnitsAssigned>> both = awaitAssignments(alert.alertId(), 2);
        UnitsAssigned second = both.get(1).value();
        assertThat(second.eventId()).isEqualTo(first.eventId());
        assertThat(second).isEqualTo(first);
        List<JsonNode> dispatched = dispatchedUnits();
        assertThat(dispatched).hasSize(2);
        assertThat(dispatched)
                .allSatisfy(unit -> assertThat(unit.path("alertId").asString())
                        .isEqualTo(alert.alertId().toString()));
    }

    @Test
    void shouldChooseButNotReserveUnitsForADrill() throws Exception {
        AlertRaised drill = alert(AlertType.ARMED_ATTACK, Karachi.GULSHAN, true);

        publish(drill);

        UnitsAssigned event = awaitAssignments(drill.alertId(), 1).get(0).value();
        assertThat(event.assignments()).hasSize(3);
        assertThat(dispatchedUnits()).isEmpty();
        JsonNode decision = json(get("/api/v1/alerts/" + drill.alertId() + "/assignment", TOKEN));
        assertThat(decision.path("drill").asBoolean()).isTrue();
        assertThat(decision.path("reserved").asBoolean()).isFalse();
    }

    @Test
    void shouldSendAPoisonRecordToTheDeadLetterTopicAndStillDispatchTheNextAlert() throws Exception {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.KORANGI, false);
        byte[] garbage = ("\u0000not an event " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            // same key as the alert that follows: same partition, so the poison record must not stall it
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.key(), garbage))
                    .get(10, TimeUnit.SECONDS);
        }
        publish(alert);

        ConsumerRecord<String, byte[]> deadLetter = awaitRecord(
                Topics.deadLetterTopicOf("dispatch-service"),
                new ByteArrayDeserializer(),
                record -> Arrays.equals(record.value(), garbage));
        assertThat(deadLetter.key()).isEqualTo(alert.key());
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(Topics.ALERTS.name());
        assertThat(header(deadLetter, "kafka_dlt-exception-fqcn")).contains("DeserializationException");
        UnitsAssigned event = awaitAssignments(alert.alertId(), 1).get(0).value();
        assertThat(event.assignments()).hasSize(1);
    }

    @Test
    void shouldRefuseTheUnitApiWithoutTheOpsToken() throws Exception {
        for (String token : new String[] {null, "wrong-token", TOKEN + "x"}) {
            HttpResponse<String> response = get("/api/v1/units", token);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            assertThat(json(response).path("type").asString())
                    .isEqualTo("https://sos.karachi.example/problems/unauthorized");
        }
        assertThat(post("/api/v1/units/KHI-PL-CLF-01/clear", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/alerts/" + UUID.randomUUID() + "/assignment", null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void shouldListShowAndClearUnitsWithTheOpsToken() throws Exception {
        JsonNode units = json(get("/api/v1/units", TOKEN));
        assertThat(units.size()).isBetween(35, 50);
        JsonNode first = units.get(0);
        assertThat(first.path("unitId").asString()).startsWith("KHI-");
        assertThat(first.path("status").asString()).isEqualTo("AVAILABLE");
        assertThat(first.path("position").path("lat").asDouble()).isBetween(24.7, 25.3);

        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.CLIFTON, false);
        publish(alert);
        String unitId = awaitAssignments(alert.alertId(), 1)
                .get(0)
                .value()
                .assignments()
                .get(0)
                .unitId();

        JsonNode dispatched = json(get("/api/v1/units/" + unitId, TOKEN));
        assertThat(dispatched.path("status").asString()).isEqualTo("DISPATCHED");
        assertThat(dispatched.path("alertId").asString())
                .isEqualTo(alert.alertId().toString());

        HttpResponse<String> cleared = post("/api/v1/units/" + unitId + "/clear", TOKEN);
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(json(cleared).path("status").asString()).isEqualTo("AVAILABLE");

        HttpResponse<String> again = post("/api/v1/units/" + unitId + "/clear", TOKEN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("type").asString())
                .isEqualTo("https://sos.karachi.example/problems/unit-already-available");

        for (HttpResponse<String> unknown :
                List.of(get("/api/v1/units/KHI-PL-XXX-99", TOKEN), post("/api/v1/units/KHI-PL-XXX-99/clear", TOKEN))) {
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(unknown).path("type").asString())
                    .isEqualTo("https://sos.karachi.example/problems/unit-not-found");
        }
    }

    @Test
    void shouldShowTheDecisionOnAnAlert() throws Exception {
        AlertRaised alert = alert(AlertType.BOMB_THREAT, Karachi.SADDAR, false);
        publish(alert);
        UnitsAssigned event = awaitAssignments(alert.alertId(), 1).get(0).value();

        JsonNode decision = json(get("/api/v1/alerts/" + alert.alertId() + "/assignment", TOKEN));

        assertThat(decision.path("eventId").asString())
                .isEqualTo(event.eventId().toString());
        assertThat(decision.path("severity").asString()).isEqualTo("CRITICAL");
        assertThat(decision.path("requested").asInt()).isEqualTo(4);
        assertThat(decision.path("assignments").size())
                .isEqualTo(event.assignments().size());
        assertThat(event.assignments()).extracting(Assignment::capability).contains("BOMB_DISPOSAL");

        HttpResponse<String> unknown = get("/api/v1/alerts/" + UUID.randomUUID() + "/assignment", TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("type").asString())
                .isEqualTo("https://sos.karachi.example/problems/assignment-not-found");
        HttpResponse<String> malformed = get("/api/v1/alerts/not-a-uuid/assignment", TOKEN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("type").asString()).startsWith("https://sos.karachi.example/problems/");
        assertThat(malformed.body()).doesNotContain("Exception", "at sos.");
    }

    @Test
    void shouldAnswerAnUnknownPathOrMethodWithAProblemDetail() throws Exception {
        HttpResponse<String> unknownPath = get("/api/v1/nothing-here", TOKEN);
        HttpResponse<String> wrongMethod =
                send(HttpRequest.newBuilder(uri("/api/v1/units/KHI-PL-CLF-01")).DELETE(), TOKEN);

        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(json(unknownPath).path("type").asString())
                .isEqualTo("https://sos.karachi.example/problems/not-found");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).path("type").asString())
                .isEqualTo("https://sos.karachi.example/problems/method-not-allowed");
        assertThat(wrongMethod.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void shouldReportReadiness() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("status").asString()).isEqualTo("UP");
    }

    private static AlertRaised alert(AlertType type, GeoPoint location, boolean drill) {
        return new AlertRaised(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                "consulate-de",
                "Consulate General of Germany (demo)",
                type,
                type.defaultSeverity(),
                location,
                15.0,
                "Chancery",
                "integration test",
                drill);
    }

    private void publish(AlertRaised alert) throws Exception {
        try (KafkaProducer<String, SosEvent> producer =
                new KafkaProducer<>(producerConfig(), new StringSerializer(), new SosEventSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.key(), alert))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG,
                "all");
    }

    /** Reads sos.dispatch.assignments from the beginning until {@code count} decisions on the alert are there. */
    @SuppressWarnings("unchecked")
    private List<ConsumerRecord<String, UnitsAssigned>> awaitAssignments(UUID alertId, int count) {
        List<ConsumerRecord<String, UnitsAssigned>> found = new ArrayList<>();
        readUntil(Topics.ASSIGNMENTS.name(), new SosEventDeserializer(), record -> {
            if (record.key().equals(alertId.toString())) {
                found.add((ConsumerRecord<String, UnitsAssigned>) (ConsumerRecord<?, ?>) record);
            }
            return found.size() >= count;
        });
        return found;
    }

    private <V> ConsumerRecord<String, V> awaitRecord(
            String topic, Deserializer<V> values, Predicate<ConsumerRecord<String, V>> match) {
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        readUntil(topic, values, record -> {
            if (match.test(record)) {
                found.add(record);
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private <V> void readUntil(String topic, Deserializer<V> values, Predicate<ConsumerRecord<String, V>> done) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<String, V>> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
                // within one partition in offset order, so a redelivered decision comes after the first one
                batch.sort(Comparator.comparingLong(ConsumerRecord::offset));
                for (ConsumerRecord<String, V> record : batch) {
                    if (done.test(record)) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("nothing matching on " + topic + " within " + WAIT);
    }

    private List<JsonNode> dispatchedUnits() throws Exception {
        List<JsonNode> dispatched = new ArrayList<>();
        for (JsonNode unit : json(get("/api/v1/units", TOKEN))) {
            if (unit.path("status").asString().equals("DISPATCHED")) {
                dispatched.add(unit);
            }
        }
        return dispatched;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }
}
