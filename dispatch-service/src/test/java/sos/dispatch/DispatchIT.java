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
import org.apache.kafka.common.config.ConfigResource;
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
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertEscalated;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AlertResolved;
import sos.contracts.AlertType;
import sos.contracts.AssignmentUpdated;
import sos.contracts.BetterUnitProposed;
import sos.contracts.DuressSignalled;
import sos.contracts.GeoPoint;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;
import sos.contracts.UnitsAssigned.Assignment;
import sos.contracts.UnitsStoodDown;
import sos.servicesupport.KafkaHealthIndicator;
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
            "sos.dispatch.unit-token-secret=it-unit-secret",
            // the SSE stream of a test stays open: a graceful shutdown would wait 30 s for it when the JVM exits
            "server.shutdown=immediate",
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

    private Api api;

    @BeforeEach
    void createTheAlertsTopicOnceTheServiceRuns() throws Exception {
        api = new Api(port);
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
            if (!unit.path("status").asString().equals("AVAILABLE")) {
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
            ConfigResource unitState = new ConfigResource(ConfigResource.Type.TOPIC, Topics.UNIT_STATE.name());
            var config = admin.describeConfigs(List.of(unitState)).all().get(10, TimeUnit.SECONDS);
            assertThat(config.get(unitState).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldStandDownOnCancelEscalateOnDuressAndNeverDeadLetterALifecycleEvent() throws Exception {
        AlertRaised cancelled = alert(AlertType.MEDICAL, Karachi.CLIFTON, false);
        AlertRaised coerced = alert(AlertType.ARMED_ATTACK, Karachi.SADDAR, false);
        Instant now = Instant.now();
        publish(cancelled);
        publish(coerced);
        String unit = awaitAssignments(cancelled.alertId(), 1)
                .get(0)
                .value()
                .assignments()
                .get(0)
                .unitId();
        List<String> coercedUnits = awaitAssignments(coerced.alertId(), 1).get(0).value().assignments().stream()
                .map(Assignment::unitId)
                .toList();

        publish(new AlertRepeatPressed(
                UUID.randomUUID(), now, coerced.alertId(), "consulate-de", coerced.type(), null, 2, false));
        publish(new AlertLocationUpdated(
                UUID.randomUUID(), now, coerced.alertId(), "consulate-de", Karachi.GULSHAN, 20.0, false));
        publish(new AlertCancelled(UUID.randomUUID(), now, cancelled.alertId(), "consulate-de", "false alarm", false));
        publish(new DuressSignalled(UUID.randomUUID(), now, coerced.alertId(), "consulate-de", false));

        UnitsStoodDown stoodDown = awaitEvent(cancelled.alertId(), UnitsStoodDown.class);
        assertThat(stoodDown.unitIds()).containsExactly(unit);
        assertThat(stoodDown.reason()).contains("false alarm");
        assertThat(json(get("/api/v1/units/" + unit, TOKEN)).path("status").asString())
                .isEqualTo("AVAILABLE");
        AlertEscalated escalated = awaitEvent(coerced.alertId(), AlertEscalated.class);
        assertThat(escalated.cause()).isEqualTo("DURESS");
        assertThat(escalated.unitIds()).containsExactlyInAnyOrderElementsOf(coercedUnits);
        BetterUnitProposed proposal = awaitEvent(coerced.alertId(), BetterUnitProposed.class);
        assertThat(proposal.location()).isEqualTo(Karachi.GULSHAN);
        for (String sent : coercedUnits) {
            assertThat(json(get("/api/v1/units/" + sent, TOKEN)).path("alertId").asString())
                    .isEqualTo(coerced.alertId().toString());
        }
        Set<String> keys = Set.of(cancelled.key(), coerced.key());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition[] partitions =
                    consumer
                            .partitionsFor(Topics.deadLetterTopicOf("dispatch-service"), Duration.ofSeconds(10))
                            .stream()
                            .map(info -> new TopicPartition(info.topic(), info.partition()))
                            .toArray(TopicPartition[]::new);
            consumer.assign(List.of(partitions));
            consumer.seekToBeginning(List.of(partitions));
            List<String> deadKeys = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> deadKeys.add(record.key()));
            }
            assertThat(deadKeys).doesNotContainAnyElementsOf(keys);
        }
    }

    @Test
    void shouldLetAUnitFollowAcknowledgeAndWorkItsDispatchWithItsOwnToken() throws Exception {
        String unit = "KHI-PL-WST-01";
        String unitToken = new UnitTokens("it-unit-secret", "").tokenFor(unit);
        HttpRequest streamRequest = HttpRequest.newBuilder(uri("/api/v1/units/" + unit + "/dispatches"))
                .header("Authorization", "Bearer " + unitToken)
                .GET()
                .build();
        var stream = http.sendAsync(streamRequest, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> streaming = stream.get(10, TimeUnit.SECONDS);
        assertThat(streaming.statusCode()).isEqualTo(200);
        var lines = streaming.body().iterator();

        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.ORANGI, false);
        publish(alert);
        assertThat(awaitAssignments(alert.alertId(), 1).get(0).value().assignments())
                .extracting(Assignment::unitId)
                .containsExactly(unit);
        String dispatched = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    while (lines.hasNext()) {
                        String line = lines.next();
                        if (line.startsWith("data:") && line.contains("\"DISPATCHED\"")) {
                            return line;
                        }
                    }
                    return null;
                })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(dispatched).contains(alert.alertId().toString());

        assertThat(get("/api/v1/units/KHI-PL-CLF-01/dispatch", unitToken).statusCode())
                .as("another unit's dispatch")
                .isEqualTo(401);
        assertThat(get("/api/v1/units", unitToken).statusCode())
                .as("the ops list")
                .isEqualTo(401);
        JsonNode current = json(get("/api/v1/units/" + unit + "/dispatch", unitToken));
        assertThat(current.path("alertId").asString()).isEqualTo(alert.alertId().toString());
        assertThat(current.path("eta").path("etaSeconds").asInt()).isGreaterThanOrEqualTo(0);

        assertThat(json(post("/api/v1/units/" + unit + "/acknowledge", unitToken))
                        .path("acknowledged")
                        .asBoolean())
                .isTrue();
        HttpResponse<String> illegal =
                postJson("/api/v1/units/" + unit + "/status", unitToken, "{\"status\":\"DISPATCHED\"}");
        assertThat(illegal.statusCode()).isEqualTo(409);
        assertThat(json(illegal).path("type").asString())
                .isEqualTo("https://sos.karachi.example/problems/illegal-transition");
        assertThat(json(post("/api/v1/units/" + unit + "/en-route", unitToken))
                        .path("status")
                        .asString())
                .isEqualTo("EN_ROUTE");
        HttpResponse<String> moved = postJson(
                "/api/v1/units/" + unit + "/position", unitToken, "{\"lat\":24.94,\"lon\":66.99,\"headingDeg\":80}");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(json(moved).path("position").path("lat").asDouble()).isEqualTo(24.94);
        assertThat(postJson("/api/v1/units/" + unit + "/position", unitToken, "{\"lat\":124.94,\"lon\":66.99}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(json(post("/api/v1/units/" + unit + "/on-scene", unitToken))
                        .path("status")
                        .asString())
                .isEqualTo("ON_SCENE");
        assertThat(json(post("/api/v1/units/" + unit + "/clear", unitToken))
                        .path("status")
                        .asString())
                .isEqualTo("AVAILABLE");
        HttpResponse<String> none = get("/api/v1/units/" + unit + "/dispatch", unitToken);
        assertThat(none.statusCode()).isEqualTo(404);

        List<String> changes = new ArrayList<>();
        readUntil(Topics.ASSIGNMENTS.name(), new SosEventDeserializer(), record -> {
            if (record.key().equals(alert.key()) && record.value() instanceof AssignmentUpdated updated) {
                changes.add(updated.change());
            }
            return changes.size() >= 4;
        });
        assertThat(changes).containsExactly("ACKNOWLEDGED", "EN_ROUTE", "ON_SCENE", "CLEARED");
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
        assertThat(event.assignments()).extracting(Assignment::etaSeconds).isSorted();
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
    void shouldRecordTheRankedCandidatesWithTheirEtasInTheDecision() throws Exception {
        AlertRaised alert = alert(AlertType.ARMED_ATTACK, Karachi.SADDAR, false);
        publish(alert);
        UnitsAssigned event = awaitAssignments(alert.alertId(), 1).get(0).value();

        assertThat(event.assignments()).hasSize(3);
        assertThat(event.candidates())
                .as("the ranking the choice came from, with every unit sent")
                .containsAll(event.assignments())
                .hasSizeGreaterThan(event.assignments().size())
                .hasSizeLessThanOrEqualTo(3 * sos.dispatch.domain.UnitSelector.CANDIDATES_PER_REQUIREMENT);
        assertThat(event.candidates()).extracting(Assignment::etaSeconds).isSorted();
        assertThat(event.candidates()).extracting(Assignment::agency).contains(sos.contracts.Agency.RANGERS);
        JsonNode decision = json(get("/api/v1/alerts/" + alert.alertId() + "/assignment", TOKEN));
        assertThat(decision.path("candidates").size())
                .isEqualTo(event.candidates().size());
    }

    @Test
    void shouldResolveAnAlertOnceThroughTheOpsApiAndReleaseItsUnits() throws Exception {
        AlertRaised alert = alert(AlertType.ARMED_ATTACK, Karachi.CLIFTON, false);
        publish(alert);
        List<String> sent = awaitAssignments(alert.alertId(), 1).get(0).value().assignments().stream()
                .map(Assignment::unitId)
                .toList();
        String path = "/api/v1/ops/alerts/" + alert.alertId() + "/resolve";
        String body = "{\"operator\":\"Operator Sana\",\"reason\":\"false alarm confirmed by the consulate\"}";
        String unitToken = new UnitTokens("it-unit-secret", "").tokenFor(sent.get(0));

        assertThat(postJson(path, unitToken, body).statusCode())
                .as("a unit's token")
                .isEqualTo(401);
        assertThat(postJson(path, null, body).statusCode()).as("no token").isEqualTo(401);
        HttpResponse<String> blank = postJson(path, TOKEN, "{\"operator\":\" \",\"reason\":\"x\"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(postJson(path, TOKEN, "{\"operator\":\"" + "x".repeat(5000) + "\",\"reason\":\"x\"}")
                        .statusCode())
                .as("a body over 4 KB")
                .isEqualTo(413);
        HttpResponse<String> unknown = postJson("/api/v1/ops/alerts/" + UUID.randomUUID() + "/resolve", TOKEN, body);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("type").asString())
                .isEqualTo("https://sos.karachi.example/problems/alert-not-found");

        JsonNode resolved = json(postJson(path, TOKEN, body));
        assertThat(resolved.path("resolvedBy").asString()).isEqualTo("Operator Sana");
        assertThat(resolved.path("alreadyResolved").asBoolean()).isFalse();
        assertThat(resolved.path("releasedUnits").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(sent);
        assertThat(statusesOf(sent)).containsOnly("AVAILABLE");
        JsonNode again = json(postJson(path, TOKEN, "{\"operator\":\"Operator Imran\",\"reason\":\"again\"}"));
        assertThat(again.path("alreadyResolved").asBoolean()).isTrue();
        assertThat(again.path("eventId").asString())
                .isEqualTo(resolved.path("eventId").asString());
        assertThat(again.path("resolvedBy").asString()).isEqualTo("Operator Sana");

        publish(alert); // redelivered: the same decision again, nothing reserved, nothing resolved again
        Broker topics = new Broker(broker.getBrokersAsString());
        List<SosEvent> events = topics.awaitEvents(
                Topics.ASSIGNMENTS.name(),
                alert.key(),
                found -> Broker.ofType(found, UnitsAssigned.class).size() == 2);
        List<sos.contracts.AlertResolved> resolutions = Broker.ofType(events, sos.contracts.AlertResolved.class);
        assertThat(resolutions).hasSize(1);
        assertThat(resolutions.get(0).eventId().toString())
                .isEqualTo(resolved.path("eventId").asString());
        assertThat(resolutions.get(0).unitIds()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(resolutions.get(0).reason()).isEqualTo("false alarm confirmed by the consulate");
        assertThat(statusesOf(sent)).as("still available after the redelivery").containsOnly("AVAILABLE");
    }

    @Test
    void shouldResolveAnAlertByItselfWhenItsLastUnitClears() throws Exception {
        AlertRaised alert = alert(AlertType.MEDICAL, Karachi.KORANGI, false);
        publish(alert);
        String unit = awaitAssignments(alert.alertId(), 1)
                .get(0)
                .value()
                .assignments()
                .get(0)
                .unitId();
        String unitToken = new UnitTokens("it-unit-secret", "").tokenFor(unit);

        assertThat(post("/api/v1/units/" + unit + "/on-scene", unitToken).statusCode())
                .isEqualTo(200);
        assertThat(post("/api/v1/units/" + unit + "/clear", unitToken).statusCode())
                .isEqualTo(200);

        sos.contracts.AlertResolved resolved = awaitEvent(alert.alertId(), sos.contracts.AlertResolved.class);
        assertThat(resolved.resolvedBy()).isEqualTo("dispatch-service");
        assertThat(resolved.reason()).contains("all units cleared", unit);
        HttpResponse<String> byOps = postJson(
                "/api/v1/ops/alerts/" + alert.alertId() + "/resolve",
                TOKEN,
                "{\"operator\":\"Operator Sana\",\"reason\":\"closing\"}");
        assertThat(json(byOps).path("alreadyResolved").asBoolean()).isTrue();
        assertThat(json(byOps).path("resolvedBy").asString()).isEqualTo("dispatch-service");
    }

    @Test
    void shouldPublishEveryOneOfManyConcurrentPositionReportsBeforeAnsweringThem() throws Exception {
        List<String> units = new ArrayList<>();
        json(get("/api/v1/units", TOKEN))
                .forEach(unit -> units.add(unit.path("unitId").asString()));
        UnitTokens tokens = new UnitTokens("it-unit-secret", "");
        Instant first = Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Set<String> expected = new java.util.HashSet<>();
        // ten rounds; in each, every unit reports at once (concurrent requests, one per unit, so none overtakes another
        // fix of its own unit): every report must be answered 200 and be on sos.units.state
        for (int round = 0; round < 10; round++) {
            Instant at = first.plusSeconds(round);
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (String unit : units) {
                String body = "{\"lat\":24.85,\"lon\":67.01,\"at\":\"" + at + "\",\"speedKmh\":30}";
                answers.add(http.sendAsync(
                        HttpRequest.newBuilder(uri("/api/v1/units/" + unit + "/position"))
                                .header("Authorization", "Bearer " + tokens.tokenFor(unit))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
                expected.add(unit + "@" + at);
            }
            for (var answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(Instant.parse(json(response).path("positionAt").asString()))
                        .isEqualTo(at);
            }
        }
        Broker topics = new Broker(broker.getBrokersAsString());
        Set<String> published = new java.util.HashSet<>();
        for (sos.contracts.UnitStateChanged state :
                Broker.ofType(topics.readAll(Topics.UNIT_STATE.name(), null), sos.contracts.UnitStateChanged.class)) {
            if (state.positionAt() != null && !state.positionAt().isBefore(first)) {
                published.add(state.unitId() + "@" + state.positionAt());
            }
        }
        assertThat(published).as("answered only once published (acks=all)").isEqualTo(expected);
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

    // ------------------------------------------------------------------ the control-room board (/board)

    @Test
    void shouldServeTheBoardOnlyToAnOperatorSignedInWithTheOpsTokenAndChangesOnlyWithTheCsrfToken() throws Exception {
        HttpResponse<String> page = get("/board", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline"));
        assertThat(get("/board/karachi-districts.geojson", null).body()).contains("\"Korangi\"");
        assertThat(get("/board/api/state", null).statusCode()).isEqualTo(401);
        assertThat(get("/board/api/state", TOKEN).statusCode())
                .as("the Bearer token of the API does not open the board's session API")
                .isEqualTo(401);
        assertThat(boardLogin("not-the-token").statusCode()).isEqualTo(401);

        String[] session = boardSession();
        HttpResponse<String> state =
                boardSend(HttpRequest.newBuilder(uri("/board/api/state")).GET(), session, false);
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(json(state).path("units").size()).isEqualTo(43);

        HttpResponse<String> forged = boardSend(
                HttpRequest.newBuilder(uri("/board/api/alerts/" + UUID.randomUUID() + "/resolve"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}")),
                session,
                false);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(json(forged).path("type").asString()).endsWith("/csrf-token-invalid");

        // a valid body padded with blanks past 4 KB: read to its end, it would be answered 404 (no such alert)
        byte[] large = ("{\"reason\":\"ok\"" + " ".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = boardSend(
                HttpRequest.newBuilder(uri("/board/api/alerts/" + UUID.randomUUID() + "/resolve"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(large))),
                session,
                true);
        assertThat(tooLarge.statusCode())
                .as("a chunked body over 4 KB is not read to its end")
                .isEqualTo(400);
    }

    @Test
    void shouldShowAnOpenAlertOnTheBoardAndRecordEveryOperatorActionWithItsReason() throws Exception {
        AlertRaised alert = alert(AlertType.MEDICAL, new GeoPoint(24.8607, 67.0011), false);
        publish(alert);
        String unit = awaitAssignments(alert.alertId(), 1)
                .get(0)
                .value()
                .assignments()
                .get(0)
                .unitId();
        String[] session = boardSession();
        JsonNode shown = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (shown == null && System.nanoTime() < deadline) {
            for (JsonNode a : json(boardSend(
                            HttpRequest.newBuilder(uri("/board/api/state")).GET(), session, false))
                    .path("alerts")) {
                if (a.path("alertId").asString().equals(alert.alertId().toString())
                        && !a.path("units").isEmpty()) {
                    shown = a;
                }
            }
        }
        assertThat(shown).as("the alert on the board").isNotNull();
        assertThat(shown.path("consulateName").asString()).isEqualTo("Consulate General of Germany (demo)");
        assertThat(shown.path("units").get(0).path("unitId").asString()).isEqualTo(unit);
        assertThat(shown.path("units").get(0).path("etaSeconds").asInt()).isPositive();

        assertThat(boardPost("/board/api/units/" + unit + "/acknowledge", "{}", session)
                        .statusCode())
                .isEqualTo(200);
        assertThat(awaitEvent(alert.alertId(), AssignmentUpdated.class).reason())
                .contains("confirmed by radio to Operator Sana");

        HttpResponse<String> reassigned = boardPost(
                "/board/api/alerts/" + alert.alertId() + "/units/" + unit + "/reassign",
                "{\"reason\":\"engine trouble\"}",
                session);
        assertThat(reassigned.statusCode()).as(reassigned.body()).isEqualTo(200);
        List<AssignmentUpdated> updates = new ArrayList<>();
        readUntil(Topics.ASSIGNMENTS.name(), new SosEventDeserializer(), record -> {
            if (record.key().equals(alert.alertId().toString())
                    && record.value() instanceof AssignmentUpdated u
                    && u.change().equals("REASSIGNED")) {
                updates.add(u);
            }
            return !updates.isEmpty();
        });
        assertThat(updates.get(0).reason()).startsWith(unit + " reassigned by Operator Sana: engine trouble");

        assertThat(boardPost("/board/api/alerts/" + alert.alertId() + "/resolve", "{\"reason\":\" \"}", session)
                        .statusCode())
                .as("a reason is required")
                .isEqualTo(400);
        HttpResponse<String> resolved = boardPost(
                "/board/api/alerts/" + alert.alertId() + "/resolve", "{\"reason\":\"patient handed over\"}", session);
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        AlertResolved resolution = awaitEvent(alert.alertId(), AlertResolved.class);
        assertThat(resolution.resolvedBy()).isEqualTo("Operator Sana");
        assertThat(resolution.reason()).isEqualTo("patient handed over");
    }

    private HttpResponse<String> boardLogin(String token) throws Exception {
        return send(
                HttpRequest.newBuilder(uri("/board/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"operator\":\"Operator Sana\",\"token\":\"" + token + "\"}")),
                null);
    }

    /** {cookie, CSRF token} of a new board session. */
    private String[] boardSession() throws Exception {
        HttpResponse<String> login = boardLogin(TOKEN);
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict");
        return new String[] {
            cookie.substring(0, cookie.indexOf(';')),
            json(login).path("csrfToken").asString()
        };
    }

    private HttpResponse<String> boardPost(String path, String body, String[] session) throws Exception {
        return boardSend(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                session,
                true);
    }

    private HttpResponse<String> boardSend(HttpRequest.Builder request, String[] session, boolean csrf)
            throws Exception {
        request.header("Cookie", session[0]);
        if (csrf) {
            request.header("X-CSRF-Token", session[1]);
        }
        return send(request, null);
    }

    private static AlertRaised alert(AlertType type, GeoPoint location, boolean drill) {
        return Alerts.raised(type, location, drill);
    }

    private void publish(SosEvent alert) throws Exception {
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
            if (record.key().equals(alertId.toString()) && record.value() instanceof UnitsAssigned) {
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

    private List<String> statusesOf(List<String> units) throws Exception {
        List<String> statuses = new ArrayList<>();
        for (String unit : units) {
            statuses.add(
                    json(get("/api/v1/units/" + unit, TOKEN)).path("status").asString());
        }
        return statuses;
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

    private HttpResponse<String> postJson(String path, String token, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                token);
    }

    private <E extends SosEvent> E awaitEvent(UUID alertId, Class<E> type) {
        List<E> found = new ArrayList<>();
        readUntil(Topics.ASSIGNMENTS.name(), new SosEventDeserializer(), record -> {
            if (record.key().equals(alertId.toString()) && type.isInstance(record.value())) {
                found.add(type.cast(record.value()));
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        return api.send(request, token);
    }

    private URI uri(String path) {
        return api.uri(path);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Api.json(response);
    }

    @Test
    void shouldNotBeReadyWithoutKafka(
            @Autowired HealthEndpointGroups groups, @Autowired HealthContributorRegistry health) {
        assertThat(groups.get("readiness").isMember("kafka")).isTrue();
        assertThat(health.getContributor("kafka")).isInstanceOf(KafkaHealthIndicator.class);
    }
}
