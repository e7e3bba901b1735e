package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import sos.audit.domain.Fixtures;
import sos.contracts.Agency;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRejected;
import sos.contracts.AlertResolved;
import sos.contracts.AlertType;
import sos.contracts.AssignmentUpdated;
import sos.contracts.EventJson;
import sos.contracts.NotificationAcknowledged;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.contracts.Severity;
import sos.contracts.SosEvent;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;
import sos.servicesupport.KafkaHealthIndicator;
import sos.testsupport.EmbeddedPostgresDatabase;
import sos.testsupport.Karachi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service against a real KRaft broker and a real PostgreSQL: events go in through Kafka, come out of the
 * audit API. Topics are not auto-created on this broker, as in production; {@code sos.notifications} does not exist
 * when the service starts.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sos.audit.checkpoint.key-file=target/it-checkpoint-ed25519.key",
            "sos.kafka.partitions=2",
            "sos.audit.retry.processing-interval=100ms",
            "sos.audit.retry.database-initial-interval=200ms",
        })
@EmbeddedKafka(
        partitions = 2,
        topics = {"sos.alerts", "sos.alerts.rejected", "sos.dispatch.assignments"},
        brokerProperties = {"auto.create.topics.enable=false"},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditIT {

    static final String ANALYST_TOKEN = "it-analyst-token";
    static final String ADMIN_TOKEN = "it-admin-token";
    static final String FR_TOKEN = "it-consulate-fr-token";
    static final String DEAD_LETTERS = Topics.deadLetterTopicOf("audit-service");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KafkaProducer<String, SosEvent> events;
    private static KafkaProducer<String, byte[]> rawRecords;
    private static Admin admin;
    private static String bootstrap;

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgresDatabase.get();
        createDatabase(postgres, "sos_audit_it", "sos_audit", "sos_audit_it_password");
        registry.add(
                "spring.datasource.url", () -> "jdbc:postgresql://localhost:" + postgres.getPort() + "/sos_audit_it");
        registry.add("spring.datasource.username", () -> "sos_audit");
        registry.add("spring.datasource.password", () -> "sos_audit_it_password");
        registry.add("sos.audit.analyst-token", () -> "another-token," + ANALYST_TOKEN);
        registry.add("sos.audit.admin-token", () -> ADMIN_TOKEN);
        registry.add("sos.audit.consulate-tokens", () -> "consulate-de=it-consulate-de-token,consulate-fr=" + FR_TOKEN);
    }

    @BeforeAll
    static void clients(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        bootstrap = bootstrapServers;
        Map<String, Object> producer = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                10_000);
        events = new KafkaProducer<>(producer, new StringSerializer(), new SosEventSerializer());
        rawRecords = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @AfterAll
    static void closeClients() {
        events.close();
        rawRecords.close();
        admin.close();
    }

    @Test
    @Order(1)
    void shouldRecordEventsOfATopicCreatedAfterTheServiceStarted() throws Exception {
        assertThat(admin.listTopics().names().get()).doesNotContain(Topics.NOTIFICATIONS.name());
        UUID alertId = UUID.randomUUID();
        NotificationSent sent = notificationSent(alertId, Instant.now().truncatedTo(ChronoUnit.MILLIS));

        ensureTopic(Topics.NOTIFICATIONS.name());
        publish(Topics.NOTIFICATIONS.name(), sent);

        assertThat(awaitTimeline(alertId, 1).get("events").get(0).get("eventId").asString())
                .isEqualTo(sent.eventId().toString());
    }

    @Test
    void shouldReturnTheEventsOfOneAlertFromEveryTopicInTheOrderTheyHappened() throws Exception {
        ensureTopic(Topics.NOTIFICATIONS.name());
        UUID alertId = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AlertRaised raised = alertRaised(alertId, at, "gunfire at the main gate");
        UnitsAssigned assigned = unitsAssigned(alertId, raised, at.plusMillis(40));
        NotificationSent sent = notificationSent(alertId, at.plusMillis(75));
        NotificationFailed failed = new NotificationFailed(
                UUID.randomUUID(),
                at.plusSeconds(9),
                alertId,
                raised.eventId(),
                "AlertRaised",
                "rangers-ops-room",
                "webhook",
                3,
                "HTTP 503 from recipient");

        // arrival order differs from the order things happened in
        publish(Topics.NOTIFICATIONS.name(), failed);
        publish(Topics.ASSIGNMENTS.name(), assigned);
        publish(Topics.NOTIFICATIONS.name(), sent);
        publish(Topics.ALERTS.name(), raised);

        JsonNode timeline = awaitTimeline(alertId, 4);

        assertThat(timeline.get("alertId").asString()).isEqualTo(alertId.toString());
        List<SosEvent> recorded = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        for (JsonNode entry : timeline.get("events")) {
            recorded.add(EventJson.fromJson(entry.get("event").toString()));
            types.add(entry.get("eventType").asString());
            topics.add(entry.get("topic").asString());
            assertThat(entry.get("seq").asLong()).isPositive();
            assertThat(Instant.parse(entry.get("recordedAt").asString())).isAfterOrEqualTo(at);
            assertThat(entry.get("eventId").asString())
                    .isEqualTo(recorded.get(recorded.size() - 1).eventId().toString());
        }
        assertThat(recorded).containsExactly(raised, assigned, sent, failed);
        List<SosEvent> expected = List.of(raised, assigned, sent, failed);
        for (int i = 0; i < expected.size(); i++) {
            // the event as it went over the wire, field order included
            assertThat(timeline.get("events").get(i).get("event").toString())
                    .isEqualTo(EventJson.toJson(expected.get(i)));
        }
        assertThat(types).containsExactly("AlertRaised", "UnitsAssigned", "NotificationSent", "NotificationFailed");
        assertThat(topics)
                .containsExactly(
                        Topics.ALERTS.name(),
                        Topics.ASSIGNMENTS.name(),
                        Topics.NOTIFICATIONS.name(),
                        Topics.NOTIFICATIONS.name());
        assertThat(Instant.parse(timeline.get("events").get(1).get("occurredAt").asString()))
                .isEqualTo(at.plusMillis(40));
    }

    @Test
    void shouldStoreAnEventOnceWhenItIsPublishedTwice() throws Exception {
        UUID alertId = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AlertRaised raised = alertRaised(alertId, at, "pressed once, delivered three times");
        AlertRaised next = alertRaised(alertId, at.plusMillis(1), "a later event on the same partition");

        publish(Topics.ALERTS.name(), raised);
        publish(Topics.ALERTS.name(), raised);
        awaitTimeline(alertId, 1);
        publish(Topics.ALERTS.name(), raised);
        // same key, same partition: once this one is on record, every copy before it has been handled
        publish(Topics.ALERTS.name(), next);

        JsonNode timeline = awaitTimeline(alertId, 2);
        assertThat(countOf(raised.eventId())).isEqualTo(1);
        assertThat(timeline.get("events")).hasSize(2);
    }

    @Test
    void shouldSendAnUnreadableRecordToTheDeadLetterTopicAndKeepStoringLaterEvents() throws Exception {
        UUID alertId = UUID.randomUUID();
        String key = alertId.toString();
        byte[] garbage = "this is not an event".getBytes(StandardCharsets.UTF_8);
        AlertRaised raised = alertRaised(alertId, Instant.now().truncatedTo(ChronoUnit.MILLIS), "after the garbage");
        UnitsAssigned wrongTopic = unitsAssigned(alertId, raised, raised.occurredAt());

        RecordMetadata garbageSent = rawRecords
                .send(new ProducerRecord<>(Topics.ALERTS.name(), key, garbage))
                .get();
        RecordMetadata wrongTopicSent = rawRecords
                .send(new ProducerRecord<>(Topics.ALERTS.name(), key, EventJson.toBytes(wrongTopic)))
                .get();
        publish(Topics.ALERTS.name(), raised);

        JsonNode timeline = awaitTimeline(alertId, 1);
        assertThat(timeline.get("events").get(0).get("eventId").asString())
                .isEqualTo(raised.eventId().toString());
        assertThat(countOf(wrongTopic.eventId())).isZero();

        ConsumerRecord<String, byte[]> deadGarbage = awaitDeadLetter(garbageSent);
        assertThat(deadGarbage.key()).isEqualTo(key);
        assertThat(deadGarbage.value()).isEqualTo(garbage);
        assertThat(header(deadGarbage, "kafka_dlt-exception-fqcn")).contains("DeserializationException");
        ConsumerRecord<String, byte[]> deadWrongTopic = awaitDeadLetter(wrongTopicSent);
        assertThat(deadWrongTopic.value()).isEqualTo(EventJson.toBytes(wrongTopic));
    }

    @Test
    void shouldSendAnEventTheDatabaseRefusesToTheDeadLetterTopicAndKeepStoringLaterEvents() throws Exception {
        UUID alertId = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // PostgreSQL's jsonb cannot hold the NUL character
        AlertRaised refused = alertRaised(alertId, at, "nul \u0000 inside");
        UnitsAssigned later = unitsAssigned(alertId, refused, at.plusMillis(40));

        RecordMetadata refusedSent = events.send(new ProducerRecord<>(Topics.ALERTS.name(), refused.key(), refused))
                .get();
        publish(Topics.ASSIGNMENTS.name(), later);

        JsonNode timeline = awaitTimeline(alertId, 1);
        assertThat(timeline.get("events").get(0).get("eventType").asString()).isEqualTo("UnitsAssigned");
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(refusedSent);
        assertThat(EventJson.fromBytes(dead.value())).isEqualTo(refused);
        assertThat(header(dead, "kafka_dlt-exception-cause-fqcn")).isNotBlank();
        assertThat(countOf(refused.eventId())).isZero();
    }

    @Test
    void shouldKeepEveryServicesDeadLettersOnRecordAsTheyCame() throws Exception {
        String topic = Topics.deadLetterTopicOf(Topics.DISPATCH);
        ensureTopic(topic);
        byte[] value = new byte[] {(byte) 0xff, 0x00, 0x01, 'x'};
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(topic, "some-key", value);
        letter.headers().add("kafka_dlt-original-topic", "sos.alerts".getBytes(StandardCharsets.UTF_8));
        letter.headers()
                .add(
                        "kafka_dlt-original-partition",
                        ByteBuffer.allocate(4).putInt(1).array());
        letter.headers()
                .add(
                        "kafka_dlt-original-offset",
                        ByteBuffer.allocate(8).putLong(42L).array());
        letter.headers()
                .add("kafka_dlt-exception-fqcn", "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8));
        RecordMetadata sent = rawRecords.send(letter).get();

        JsonNode entry = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> findDeadLetter(topic, sent.partition(), sent.offset()), found -> found != null);

        assertThat(Base64.getDecoder().decode(entry.get("valueBase64").asString()))
                .isEqualTo(value);
        assertThat(entry.get("valueText").isNull()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(entry.get("keyBase64").asString()), StandardCharsets.UTF_8))
                .isEqualTo("some-key");
        assertThat(entry.get("originalTopic").asString()).isEqualTo("sos.alerts");
        assertThat(entry.get("originalPartition").asInt()).isEqualTo(1);
        assertThat(entry.get("originalOffset").asLong()).isEqualTo(42L);
        assertThat(entry.get("exceptionClass").asString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(entry.get("headers").get("kafka_dlt-original-topic").asString())
                .isEqualTo("sos.alerts");
    }

    @Test
    void shouldKeepItsOwnDeadLettersOnRecordToo() throws Exception {
        UUID alertId = UUID.randomUUID();
        RecordMetadata garbage = rawRecords
                .send(new ProducerRecord<>(
                        Topics.ALERTS.name(), alertId.toString(), "not an event".getBytes(StandardCharsets.UTF_8)))
                .get();

        JsonNode entry = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> findOriginal(garbage), found -> found != null);

        assertThat(entry.get("topic").asString()).isEqualTo(DEAD_LETTERS);
        assertThat(entry.get("valueText").asString()).isEqualTo("not an event");
        assertThat(entry.get("exceptionClass").asString()).contains("DeserializationException");
    }

    private JsonNode findDeadLetter(String topic, int partition, long offset) throws Exception {
        for (JsonNode entry : allDeadLetters()) {
            if (entry.get("topic").asString().equals(topic)
                    && entry.get("partition").asInt() == partition
                    && entry.get("offset").asLong() == offset) {
                return entry;
            }
        }
        return null;
    }

    private JsonNode findOriginal(RecordMetadata original) throws Exception {
        for (JsonNode entry : allDeadLetters()) {
            if (original.topic().equals(entry.get("originalTopic").asString(null))
                    && entry.get("originalPartition").asInt() == original.partition()
                    && entry.get("originalOffset").asLong() == original.offset()) {
                return entry;
            }
        }
        return null;
    }

    private List<JsonNode> allDeadLetters() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = get("/api/v1/audit/dead-letters?limit=1000&afterId=" + after, ANALYST_TOKEN)
                    .json();
            page.get("deadLetters").forEach(all::add);
            if (page.get("deadLetters").isEmpty()) {
                return all;
            }
            after = page.get("nextAfterId").asLong();
        }
    }

    /** Two alerts of a consulate of its own: a live armed attack (3 events) and a fire drill (2 events). */
    record Scenario(
            String consulate,
            AlertRaised attack,
            UnitsAssigned police,
            NotificationSent sent,
            AlertRaised fire,
            UnitsAssigned rangers,
            String policeUnit,
            String rangersUnit,
            String candidateUnit) {}

    private Scenario scenario() throws Exception {
        return scenario(null);
    }

    private Scenario scenario(String consulateId) throws Exception {
        ensureTopic(Topics.NOTIFICATIONS.name());
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String consulate = consulateId != null ? consulateId : "consulate-" + tag;
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        AlertRaised attack = new AlertRaised(
                        UUID.randomUUID(),
                        at,
                        UUID.randomUUID(),
                        consulate,
                        "Test",
                        AlertType.ARMED_ATTACK,
                        Severity.CRITICAL,
                        Karachi.CLIFTON,
                        10.0,
                        null,
                        "attack",
                        false)
                .withDistrict("South");
        String policeUnit = "KHI-PL-" + tag;
        String rangersUnit = "KHI-RG-" + tag;
        String candidateUnit = "KHI-PL-" + tag + "-RANKED";
        UnitsAssigned.Assignment sentUnit = new UnitsAssigned.Assignment(
                policeUnit, "Mobile", Agency.POLICE, "PATROL_CAR", "Boat Basin", Karachi.SADDAR, 2.0, 300);
        // the ranking names a second unit that was not sent: it is not one of the alert's units
        UnitsAssigned police = new UnitsAssigned(
                UUID.randomUUID(),
                at.plusSeconds(30),
                attack.alertId(),
                attack.eventId(),
                1,
                List.of(sentUnit),
                List.of(
                        sentUnit,
                        new UnitsAssigned.Assignment(
                                candidateUnit,
                                "Mobile 2",
                                Agency.POLICE,
                                "PATROL_CAR",
                                "Frere",
                                Karachi.SADDAR,
                                4.0,
                                600)));
        NotificationSent sent = notificationSent(attack.alertId(), at.plusSeconds(31));
        AlertRaised fire = new AlertRaised(
                UUID.randomUUID(),
                at.plusSeconds(3600),
                UUID.randomUUID(),
                consulate,
                "Test",
                AlertType.FIRE,
                Severity.HIGH,
                Karachi.CLIFTON,
                10.0,
                null,
                "fire drill",
                true);
        UnitsAssigned rangers = new UnitsAssigned(
                UUID.randomUUID(),
                at.plusSeconds(3660),
                fire.alertId(),
                fire.eventId(),
                1,
                List.of(new UnitsAssigned.Assignment(
                        rangersUnit, "Wing", Agency.RANGERS, "QRF", "Rangers HQ", Karachi.SADDAR, 3.0, 400)));
        publish(Topics.ALERTS.name(), attack);
        awaitTimeline(attack.alertId(), 1);
        publish(Topics.ALERTS.name(), fire);
        awaitTimeline(fire.alertId(), 1);
        // one at a time, so that the recorded order (seq) is known
        publish(Topics.ASSIGNMENTS.name(), police);
        awaitTimeline(attack.alertId(), 2);
        publish(Topics.NOTIFICATIONS.name(), sent);
        awaitTimeline(attack.alertId(), 3);
        publish(Topics.ASSIGNMENTS.name(), rangers);
        awaitTimeline(fire.alertId(), 2);
        return new Scenario(consulate, attack, police, sent, fire, rangers, policeUnit, rangersUnit, candidateUnit);
    }

    private List<String> eventIds(String query) throws Exception {
        Response response = get("/api/v1/audit/events?" + query, ANALYST_TOKEN);
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json()
                .get("events")
                .forEach(entry -> ids.add(entry.get("eventId").asString()));
        return ids;
    }

    private static String id(SosEvent event) {
        return event.eventId().toString();
    }

    @Test
    void shouldFilterTheTrailByEachCriterion() throws Exception {
        Scenario s = scenario();
        String c = "consulateId=" + s.consulate();

        assertThat(eventIds(c))
                .containsExactly(id(s.attack()), id(s.fire()), id(s.police()), id(s.sent()), id(s.rangers()));
        assertThat(eventIds("alertId=" + s.attack().alertId()))
                .containsExactly(id(s.attack()), id(s.police()), id(s.sent()));
        assertThat(eventIds(c + "&alertType=FIRE")).containsExactly(id(s.fire()), id(s.rangers()));
        assertThat(eventIds(c + "&drill=true")).containsExactly(id(s.fire()), id(s.rangers()));
        assertThat(eventIds(c + "&drill=false")).containsExactly(id(s.attack()), id(s.police()), id(s.sent()));
        assertThat(eventIds(c + "&agency=RANGERS")).containsExactly(id(s.rangers()));
        assertThat(eventIds(c + "&agency=NAVY")).isEmpty(); // not an agency of ours: matches nothing, no error
        assertThat(eventIds("unitId=" + s.policeUnit())).containsExactly(id(s.police()));
        assertThat(eventIds("unitId=" + s.candidateUnit())).isEmpty();
        assertThat(eventIds(c + "&district=South")).containsExactly(id(s.attack()), id(s.police()), id(s.sent()));
        assertThat(eventIds(c + "&district=Malir")).isEmpty();
        assertThat(eventIds(c + "&district=South&unitId=" + s.policeUnit())).containsExactly(id(s.police()));
        assertThat(eventIds(c + "&drill=true&unitId=" + s.policeUnit())).isEmpty();
        assertThat(eventIds(c + "&eventType=AlertRaised")).containsExactly(id(s.attack()), id(s.fire()));
        assertThat(eventIds(c + "&from=2026-11-20T10:00:30Z&to=2026-11-20T11:00:00Z"))
                .containsExactly(id(s.police()), id(s.sent()));
        assertThat(eventIds(c + "&eventType=UnitsAssigned&agency=POLICE&drill=false"))
                .containsExactly(id(s.police()));
        assertThat(eventIds(c + "&eventType=NoSuchEvent")).isEmpty();
    }

    @Test
    void shouldPageThroughFilteredEventsByKeysetInBothDirections() throws Exception {
        Scenario s = scenario();
        String c = "consulateId=" + s.consulate() + "&limit=2";

        JsonNode first =
                get("/api/v1/audit/events?" + c + "&afterSeq=0", ANALYST_TOKEN).json();
        JsonNode second = get(
                        "/api/v1/audit/events?" + c + "&afterSeq="
                                + first.get("nextAfterSeq").asLong(),
                        ANALYST_TOKEN)
                .json();
        JsonNode third = get(
                        "/api/v1/audit/events?" + c + "&afterSeq="
                                + second.get("nextAfterSeq").asLong(),
                        ANALYST_TOKEN)
                .json();
        JsonNode fourth = get(
                        "/api/v1/audit/events?" + c + "&afterSeq="
                                + third.get("nextAfterSeq").asLong(),
                        ANALYST_TOKEN)
                .json();
        JsonNode latest = get("/api/v1/audit/events?" + c, ANALYST_TOKEN).json();
        JsonNode beforeLatest = get(
                        "/api/v1/audit/events?" + c + "&beforeSeq="
                                + latest.get("prevBeforeSeq").asLong(),
                        ANALYST_TOKEN)
                .json();

        List<String> pages = new ArrayList<>();
        for (JsonNode page : List.of(first, second, third)) {
            page.get("events").forEach(entry -> pages.add(entry.get("eventId").asString()));
        }
        assertThat(pages).containsExactly(id(s.attack()), id(s.fire()), id(s.police()), id(s.sent()), id(s.rangers()));
        assertThat(third.get("events")).hasSize(1);
        assertThat(fourth.get("events")).isEmpty();
        assertThat(fourth.get("nextAfterSeq").asLong())
                .isEqualTo(third.get("nextAfterSeq").asLong());
        assertThat(latest.get("events"))
                .extracting(e -> e.get("eventId").asString())
                .containsExactly(id(s.sent()), id(s.rangers()));
        assertThat(beforeLatest.get("events"))
                .extracting(e -> e.get("eventId").asString())
                .containsExactly(id(s.fire()), id(s.police()));
    }

    @Test
    void shouldComputeResponseTimesPerAlertTypeFromTheTrail() throws Exception {
        Scenario s = scenario();
        Instant raised = s.attack().occurredAt();
        publish(
                Topics.ASSIGNMENTS.name(),
                new AssignmentUpdated(
                        UUID.randomUUID(),
                        raised.plusSeconds(90),
                        s.attack().alertId(),
                        s.policeUnit(),
                        "ACKNOWLEDGED",
                        "unit acknowledged",
                        null,
                        List.of()));
        publish(
                Topics.ASSIGNMENTS.name(),
                new AssignmentUpdated(
                        UUID.randomUUID(),
                        raised.plusSeconds(400),
                        s.attack().alertId(),
                        s.policeUnit(),
                        "ON_SCENE",
                        "arrived",
                        null,
                        List.of()));
        // the consulate acknowledged first (not an acceptance), then the control room (the acceptance), then again
        publish(Topics.NOTIFICATIONS.name(), acknowledged(s.attack(), raised.plusSeconds(12), "CONSULATE"));
        publish(Topics.NOTIFICATIONS.name(), acknowledged(s.attack(), raised.plusSeconds(45), "CONTROL_ROOM"));
        publish(Topics.NOTIFICATIONS.name(), acknowledged(s.attack(), raised.plusSeconds(70), "CONTROL_ROOM"));
        // an acknowledgement of a writer that predates recipientKind is no acceptance either
        publish(
                Topics.NOTIFICATIONS.name(),
                acknowledged(s.fire(), s.fire().occurredAt().plusSeconds(5), null));
        awaitTimeline(s.attack().alertId(), 8);
        awaitTimeline(s.fire().alertId(), 3);

        JsonNode kpis = get(
                        "/api/v1/audit/kpis?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&groupBy=alertType"
                                + "&consulateId=" + s.consulate(),
                        ANALYST_TOKEN)
                .json();
        JsonNode live = get(
                        "/api/v1/audit/kpis?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&drill=false"
                                + "&consulateId=" + s.consulate(),
                        ANALYST_TOKEN)
                .json();

        JsonNode attack = kpis.get("groups").get(0);
        JsonNode fire = kpis.get("groups").get(1);
        assertThat(attack.get("group").asString()).isEqualTo("ARMED_ATTACK");
        assertThat(attack.get("steps").get("DISPATCH").get("p50Seconds").asDouble())
                .isEqualTo(30.0);
        assertThat(attack.get("steps")
                        .get("UNIT_ACKNOWLEDGEMENT")
                        .get("p90Seconds")
                        .asDouble())
                .isEqualTo(90.0);
        assertThat(attack.get("steps").get("ON_SCENE").get("count").asLong()).isEqualTo(1);
        assertThat(attack.get("steps").get("ON_SCENE").get("p50Seconds").asDouble())
                .isEqualTo(400.0);
        assertThat(attack.get("steps").get("ACCEPT").get("count").asLong()).isEqualTo(1);
        assertThat(attack.get("steps").get("ACCEPT").get("p50Seconds").asDouble())
                .isEqualTo(45.0);
        assertThat(fire.get("group").asString()).isEqualTo("FIRE");
        assertThat(fire.get("steps").get("ACCEPT").get("count").asLong()).isZero();
        assertThat(fire.get("steps").get("DISPATCH").get("p50Seconds").asDouble())
                .isEqualTo(60.0);
        assertThat(live.get("groups")).hasSize(1);
        assertThat(live.get("groups").get(0).get("alerts").asLong()).isEqualTo(1);

        JsonNode byDistrict = get(
                        "/api/v1/audit/kpis?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&groupBy=district"
                                + "&consulateId=" + s.consulate(),
                        ANALYST_TOKEN)
                .json();
        assertThat(byDistrict.get("groupBy").asString()).isEqualTo("DISTRICT");
        assertThat(byDistrict.get("groups"))
                .extracting(g -> g.get("group").asString())
                .containsExactly("South", "unknown");
        assertThat(byDistrict
                        .get("groups")
                        .get(0)
                        .get("steps")
                        .get("DISPATCH")
                        .get("p50Seconds")
                        .asDouble())
                .isEqualTo(30.0);
    }

    private static NotificationAcknowledged acknowledged(AlertRaised alert, Instant at, String recipientKind) {
        return new NotificationAcknowledged(
                UUID.randomUUID(),
                at,
                alert.alertId(),
                alert.eventId(),
                "recipient-" + recipientKind,
                "webhook",
                "WEBHOOK",
                UUID.randomUUID(),
                recipientKind);
    }

    @Test
    void shouldExportFilteredEventsAsNdjsonAndCsv() throws Exception {
        Scenario s = scenario();

        Response ndjson = get("/api/v1/audit/export?format=ndjson&consulateId=" + s.consulate(), ANALYST_TOKEN);
        Response csv =
                get("/api/v1/audit/export?format=csv&consulateId=" + s.consulate() + "&drill=true", ANALYST_TOKEN);

        assertThat(ndjson.status()).isEqualTo(200);
        assertThat(ndjson.header("Content-Type")).startsWith("application/x-ndjson");
        String[] lines = ndjson.body().split("\n");
        assertThat(lines).hasSize(5);
        List<SosEvent> exported = new ArrayList<>();
        for (String line : lines) {
            exported.add(EventJson.fromJson(JSON.readTree(line).get("event").toString()));
        }
        assertThat(exported).containsExactly(s.attack(), s.fire(), s.police(), s.sent(), s.rangers());

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows).hasSize(3);
        assertThat(rows[0])
                .isEqualTo("seq,eventId,eventType,alertId,aggregateKey,topic,occurredAt,recordedAt,district,event");
        // the fire drill named no district: an empty field before the event
        assertThat(rows[1]).contains("Z,,\"{");
        assertThat(JSON.readTree(lines[0]).get("district").asString()).isEqualTo("South");
        assertThat(JSON.readTree(lines[1]).get("district").isNull()).isTrue();
        assertThat(rows[1])
                .contains("," + s.fire().eventId() + ",AlertRaised," + s.fire().alertId() + ",");
        // the event's JSON is one quoted field with its quotes doubled
        assertThat(rows[1]).endsWith(",\"" + EventJson.toJson(s.fire()).replace("\"", "\"\"") + "\"");
        assertThat(rows[2]).contains(",UnitsAssigned,");
    }

    @Test
    void shouldServeTheOpenApiDocumentWithoutAToken() throws Exception {
        Response docs = get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        for (String path : List.of(
                "/api/v1/audit/alerts/{alertId}/timeline",
                "/api/v1/audit/events",
                "/api/v1/audit/verify",
                "/api/v1/audit/kpis",
                "/api/v1/audit/export",
                "/api/v1/audit/checkpoints/latest")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
    }

    @Test
    void shouldShowAConsulatesCredentialOnlyItsOwnAlertsRecords() throws Exception {
        Scenario fr = scenario("consulate-fr");
        Scenario other = scenario();

        assertThat(get("/api/v1/audit/alerts/" + fr.attack().alertId() + "/timeline", FR_TOKEN)
                        .status())
                .isEqualTo(200);
        assertThat(get("/api/v1/audit/alerts/" + other.attack().alertId() + "/timeline", FR_TOKEN)
                        .status())
                .isEqualTo(404);
        JsonNode page = get("/api/v1/audit/events?limit=1000", FR_TOKEN).json();
        assertThat(page.get("events")).isNotEmpty();
        page.get("events")
                .forEach(entry -> assertThat(entry.get("alertId").isNull()
                                || !entry.get("alertId")
                                        .asString()
                                        .equals(other.attack().alertId().toString()))
                        .isTrue());
        assertThat(eventIdsAs(FR_TOKEN, "alertId=" + other.attack().alertId())).isEmpty();
        assertThat(eventIdsAs(FR_TOKEN, "alertId=" + fr.attack().alertId()))
                .containsExactly(id(fr.attack()), id(fr.police()), id(fr.sent()));
        Response ndjson = get("/api/v1/audit/export?alertId=" + other.attack().alertId(), FR_TOKEN);
        assertThat(ndjson.body()).isEmpty();
        for (String forbidden : List.of(
                "/api/v1/audit/events?consulateId=" + other.consulate(),
                "/api/v1/audit/kpis?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&consulateId=" + other.consulate(),
                "/api/v1/audit/verify",
                "/api/v1/audit/dead-letters",
                "/api/v1/audit/queries")) {
            Response response = get(forbidden, FR_TOKEN);
            assertThat(response.status()).as(forbidden).isEqualTo(403);
            assertProblem(response, "https://sos.karachi.example/problems/forbidden");
        }
        JsonNode kpis = get(
                        "/api/v1/audit/kpis?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&groupBy=consulate",
                        FR_TOKEN)
                .json();
        assertThat(kpis.get("groups"))
                .extracting(g -> g.get("group").asString())
                .containsExactly("consulate-fr");
    }

    @Test
    void shouldLeaveMakingCheckpointsAndReadingTheQueryLogToAdmins() throws Exception {
        assertThat(post("/api/v1/audit/checkpoints", "", ANALYST_TOKEN).status())
                .isEqualTo(403);
        assertThat(get("/api/v1/audit/queries", ANALYST_TOKEN).status()).isEqualTo(403);
        assertThat(get("/api/v1/audit/queries", ADMIN_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void shouldRecordEveryQueryWithWhoAskedWhatAndWhen() throws Exception {
        String marker = "unit-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        get("/api/v1/audit/events?unitId=" + marker, FR_TOKEN);
        get("/api/v1/audit/events?unitId=" + marker, ANALYST_TOKEN);
        get("/api/v1/audit/events?unitId=" + marker, "wrong-token");

        List<JsonNode> logged = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = get("/api/v1/audit/queries?limit=1000&afterId=" + after, ADMIN_TOKEN)
                    .json();
            page.forEach(entry -> {
                if (entry.get("query").asString("").contains(marker)) {
                    logged.add(entry);
                }
            });
            // reading the log is itself logged: stop at the first page that is not full
            if (page.size() < 1000) {
                break;
            }
            after = page.get(page.size() - 1).get("id").asLong();
        }
        assertThat(logged).extracting(e -> e.get("role").asString()).containsExactly("CONSULATE", "ANALYST", "NONE");
        assertThat(logged).extracting(e -> e.get("status").asInt()).containsExactly(200, 200, 401);
        assertThat(logged.get(0).get("principal").asString()).startsWith("consulate:consulate-fr#");
        assertThat(logged.get(0).get("consulateId").asString()).isEqualTo("consulate-fr");
        assertThat(logged.get(0).get("path").asString()).isEqualTo("/api/v1/audit/events");
        assertThat(Instant.parse(logged.get(0).get("askedAt").asString())).isAfter(before);
        // never the credential itself
        assertThat(logged.toString()).doesNotContain(FR_TOKEN).doesNotContain(ANALYST_TOKEN);
    }

    private List<String> eventIdsAs(String token, String query) throws Exception {
        Response response = get("/api/v1/audit/events?" + query, token);
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json()
                .get("events")
                .forEach(entry -> ids.add(entry.get("eventId").asString()));
        return ids;
    }

    @Test
    void shouldRenderTheMonthlyReportOfAConsulateAsHtml() throws Exception {
        Scenario s = scenario();
        // a second live alert, resolved by dispatch-service: not among the unresolved
        AlertRaised resolvedAlert = new AlertRaised(
                        UUID.randomUUID(),
                        s.attack().occurredAt().plusSeconds(7200),
                        UUID.randomUUID(),
                        s.consulate(),
                        "Consulate General of Testland",
                        AlertType.ARMED_ATTACK,
                        Severity.CRITICAL,
                        Karachi.CLIFTON,
                        null,
                        null,
                        "resolved later",
                        false)
                .withDistrict("Keamari");
        publish(Topics.ALERTS.name(), resolvedAlert);
        publish(
                Topics.ASSIGNMENTS.name(),
                new AlertResolved(
                        UUID.randomUUID(),
                        resolvedAlert.occurredAt().plusSeconds(900),
                        resolvedAlert.alertId(),
                        "dispatch-service",
                        "all units cleared",
                        List.of()));
        awaitTimeline(resolvedAlert.alertId(), 2);

        Response report =
                get("/api/v1/audit/reports/monthly?month=2026-11&consulateId=" + s.consulate(), ANALYST_TOKEN);
        Response notYours = get("/api/v1/audit/reports/monthly?month=2026-11&consulateId=" + s.consulate(), FR_TOKEN);
        Response badMonth =
                get("/api/v1/audit/reports/monthly?month=November&consulateId=" + s.consulate(), ANALYST_TOKEN);

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.header("Content-Type")).startsWith("text/html");
        assertThat(report.body()).contains("<b id=\"live\">2</b>").contains("<b id=\"drills\">1</b>");
        // the live attack was dispatched after 30 s (target 60 s) and is not closed
        assertThat(report.body())
                .contains("<tr><td>dispatch</td><td>1</td><td>30.0</td><td>30.0</td><td>60</td><td>1 of 1</td></tr>");
        assertThat(report.body()).contains("<li>" + s.attack().alertId() + " (ARMED_ATTACK, South, raised");
        assertThat(report.body()).doesNotContain("<li>" + resolvedAlert.alertId());
        assertThat(report.body()).contains("Monthly report: Consulate General of Testland (" + s.consulate() + ")");
        assertThat(report.body()).contains("<tr><td>Keamari</td><td>1</td>").contains("<tr><td>South</td><td>1</td>");
        assertThat(notYours.status()).isEqualTo(403);
        assertThat(badMonth.status()).isEqualTo(400);
    }

    @Test
    void shouldRenderTheMonthlyReportAsAPdfWithTheConsulatesNameAndFigures() throws Exception {
        Scenario s = scenario();

        HttpResponse<byte[]> pdf = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                + "/api/v1/audit/reports/monthly?format=pdf&month=2026-11&consulateId="
                                + s.consulate()))
                        .header("Authorization", "Bearer " + ANALYST_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Response badFormat = get(
                "/api/v1/audit/reports/monthly?format=docx&month=2026-11&consulateId=" + s.consulate(), ANALYST_TOKEN);

        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String text;
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(document);
        }
        assertThat(text).contains("Monthly report: Test (" + s.consulate() + "), 2026-11");
        assertThat(text).contains("Live alerts: 1. Drills: 1.");
        // dispatch after 30 s, target 60 s
        assertThat(text).containsPattern("dispatch\\s+1\\s+30\\.0\\s+30\\.0\\s+60\\s+1 of 1");
        assertThat(text).contains(s.attack().alertId().toString()).contains("South");
        assertThat(badFormat.status()).isEqualTo(400);
    }

    @Test
    void shouldAnswerBadRequestForMalformedFilters() throws Exception {
        for (String query : List.of(
                "from=yesterday",
                "drill=maybe",
                "alertId=x",
                "from=2026-11-20T11:00:00Z&to=2026-11-20T10:00:00Z",
                "afterSeq=1&beforeSeq=5")) {
            Response response = get("/api/v1/audit/events?" + query, ANALYST_TOKEN);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertProblem(response, "https://sos.karachi.example/problems/validation");
        }
    }

    @Test
    void shouldKeepARejectedPressOnRecordWithoutAnAlert() throws Exception {
        long before = get("/api/v1/audit/events?limit=1", ANALYST_TOKEN)
                .json()
                .get("nextAfterSeq")
                .asLong();
        AlertRejected rejected = new AlertRejected(
                UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "consulate-de",
                "de-2026-1",
                422,
                "https://sos.karachi.example/problems/validation",
                "location.lat: must be within [-90, 90]");

        publish(Topics.ALERTS_REJECTED.name(), rejected);

        JsonNode entry = await().atMost(PATIENCE).until(() -> find(before, rejected.eventId()), found -> found != null);
        assertThat(entry.get("alertId").isNull()).isTrue();
        assertThat(entry.get("aggregateKey").asString()).isEqualTo("consulate-de");
        assertThat(EventJson.fromJson(entry.get("event").toString())).isEqualTo(rejected);
    }

    @Test
    void shouldNeverChangeOrDeleteAnEventOnRecord() throws Exception {
        UUID alertId = UUID.randomUUID();
        AlertRaised raised = alertRaised(alertId, Instant.now().truncatedTo(ChronoUnit.MILLIS), "keep me");
        publish(Topics.ALERTS.name(), raised);
        awaitTimeline(alertId, 1);

        // the service's own role holds no UPDATE, DELETE or TRUNCATE privilege
        assertThatThrownBy(() ->
                        jdbc.update("UPDATE audit_event SET topic = 'elsewhere' WHERE event_id = ?", raised.eventId()))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_event WHERE event_id = ?", raised.eventId()))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("TRUNCATE audit_event"))
                .rootCause()
                .hasMessageContaining("permission denied");
        // and even a superuser meets the trigger
        JdbcTemplate superuser = superuser();
        assertThatThrownBy(() -> superuser.update(
                        "UPDATE audit_event SET topic = 'elsewhere' WHERE event_id = ?", raised.eventId()))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> superuser.update("DELETE FROM audit_event WHERE event_id = ?", raised.eventId()))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> superuser.update("DELETE FROM audit_event_id WHERE event_id = ?", raised.eventId()))
                .hasMessageContaining("append-only");
        assertThat(countOf(raised.eventId())).isEqualTo(1);
    }

    @Test
    void shouldChainEveryRowToTheOneBeforeItWithoutGaps() throws Exception {
        long[] seqs = twoNewRows("chained");

        JsonNode verdict = get("/api/v1/audit/verify", ANALYST_TOKEN).json();

        assertThat(verdict.get("intact").asBoolean()).isTrue();
        assertThat(verdict.get("firstBrokenSeq").isNull()).isTrue();
        assertThat(verdict.get("headSeq").asLong()).isGreaterThanOrEqualTo(seqs[1]);
        assertThat(verdict.get("rowsChecked").asLong())
                .isEqualTo(verdict.get("headSeq").asLong());
        Long rows = jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class);
        Long maxSeq = jdbc.queryForObject("SELECT max(seq) FROM audit_event", Long.class);
        assertThat(rows).isEqualTo(maxSeq);
    }

    @Test
    void shouldNameARowEditedBehindTheServicesBackAsTheFirstBrokenRow() throws Exception {
        long[] seqs = twoNewRows("edit me");
        try {
            tamper("UPDATE audit_event SET payload = replace(payload, 'edit me', 'edited') WHERE seq = " + seqs[0]);

            JsonNode verdict = get("/api/v1/audit/verify", ANALYST_TOKEN).json();

            assertThat(verdict.get("intact").asBoolean()).isFalse();
            assertThat(verdict.get("firstBrokenSeq").asLong()).isEqualTo(seqs[0]);
            assertThat(verdict.get("reason").asString()).contains("hash");
        } finally {
            tamper("UPDATE audit_event SET payload = replace(payload, 'edited', 'edit me') WHERE seq = " + seqs[0]);
        }
        assertThat(get("/api/v1/audit/verify", ANALYST_TOKEN)
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void shouldNameTheRowAfterOneDeletedBehindTheServicesBack() throws Exception {
        long[] seqs = twoNewRows("delete me");
        String saved = "saved_" + seqs[0];
        tamper("CREATE TABLE " + saved + " AS SELECT * FROM audit_event WHERE seq = " + seqs[0]);
        try {
            tamper("DELETE FROM audit_event WHERE seq = " + seqs[0]);

            JsonNode verdict = get("/api/v1/audit/verify", ANALYST_TOKEN).json();

            assertThat(verdict.get("intact").asBoolean()).isFalse();
            assertThat(verdict.get("firstBrokenSeq").asLong()).isEqualTo(seqs[1]);
            assertThat(verdict.get("reason").asString()).contains("seq " + seqs[0] + " is missing");
        } finally {
            tamper("INSERT INTO audit_event SELECT * FROM " + saved);
            tamper("DROP TABLE " + saved);
        }
        assertThat(get("/api/v1/audit/verify", ANALYST_TOKEN)
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void shouldNameTheFirstOfTwoRowsReorderedBehindTheServicesBack() throws Exception {
        long[] seqs = twoNewRows("swap us");
        try {
            swap(seqs[0], seqs[1]);

            JsonNode verdict = get("/api/v1/audit/verify", ANALYST_TOKEN).json();

            assertThat(verdict.get("intact").asBoolean()).isFalse();
            assertThat(verdict.get("firstBrokenSeq").asLong()).isEqualTo(seqs[0]);
        } finally {
            swap(seqs[0], seqs[1]);
        }
        assertThat(get("/api/v1/audit/verify", ANALYST_TOKEN)
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void shouldSignTheChainHeadSoThatAKeptCheckpointCanBeCheckedLater() throws Exception {
        long[] seqs = twoNewRows("checkpointed");

        Response created = post("/api/v1/audit/checkpoints", "", ADMIN_TOKEN);
        JsonNode latest = get("/api/v1/audit/checkpoints/latest", ANALYST_TOKEN).json();
        JsonNode key = get("/api/v1/audit/checkpoint-key", ANALYST_TOKEN).json();

        assertThat(created.status()).isEqualTo(201);
        JsonNode checkpoint = created.json();
        assertThat(checkpoint.get("seq").asLong()).isGreaterThanOrEqualTo(seqs[1]);
        assertThat(latest.get("seq").asLong()).isEqualTo(checkpoint.get("seq").asLong());
        assertThat(checkpoint.get("hash").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(jdbc.queryForObject(
                                "SELECT hash FROM audit_event WHERE seq = ?",
                                byte[].class,
                                checkpoint.get("seq").asLong())));
        // anyone with the public key can check the signature, without this service
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(
                        Base64.getDecoder().decode(key.get("publicKey").asString()))));
        ed25519.update(checkpoint.get("statement").asString().getBytes(StandardCharsets.UTF_8));
        assertThat(ed25519.verify(
                        Base64.getDecoder().decode(checkpoint.get("signature").asString())))
                .isTrue();
        assertThat(checkpoint.get("statement").asString())
                .startsWith(
                        "sos-audit-checkpoint-1\nseq=" + checkpoint.get("seq").asLong() + "\nhash=");

        JsonNode intact = post("/api/v1/audit/checkpoints/verify", checkpoint.toString(), ANALYST_TOKEN)
                .json();
        assertThat(intact.get("valid").asBoolean()).isTrue();

        String forged = checkpoint.toString().replace(checkpoint.get("hash").asString(), "00".repeat(32));
        JsonNode forgedCheck =
                post("/api/v1/audit/checkpoints/verify", forged, ANALYST_TOKEN).json();
        assertThat(forgedCheck.get("valid").asBoolean()).isFalse();
        assertThat(forgedCheck.get("signatureValid").asBoolean()).isFalse();

        try {
            tamper("UPDATE audit_event SET payload = replace(payload, 'checkpointed', 'rewritten') WHERE seq = "
                    + seqs[0]);
            JsonNode tampered = post("/api/v1/audit/checkpoints/verify", checkpoint.toString(), ANALYST_TOKEN)
                    .json();
            assertThat(tampered.get("valid").asBoolean()).isFalse();
            assertThat(tampered.get("signatureValid").asBoolean()).isTrue();
            assertThat(tampered.get("firstBrokenSeq").asLong()).isEqualTo(seqs[0]);
        } finally {
            tamper("UPDATE audit_event SET payload = replace(payload, 'rewritten', 'checkpointed') WHERE seq = "
                    + seqs[0]);
        }
    }

    @Test
    void shouldRefuseToSignAHeadWhenARowSinceTheLastCheckpointWasChanged() throws Exception {
        assertThat(post("/api/v1/audit/checkpoints", "", ADMIN_TOKEN).status()).isEqualTo(201);
        long[] seqs = twoNewRows("after the checkpoint");
        try {
            tamper("UPDATE audit_event SET topic = 'sos.elsewhere' WHERE seq = " + seqs[1]);

            Response refused = post("/api/v1/audit/checkpoints", "", ADMIN_TOKEN);

            assertThat(refused.status()).isEqualTo(409);
            assertProblem(refused, "https://sos.karachi.example/problems/chain-broken");
            assertThat(refused.json().get("detail").asString()).contains("seq " + seqs[1]);
        } finally {
            tamper("UPDATE audit_event SET topic = 'sos.dispatch.assignments' WHERE seq = " + seqs[1]);
        }
        assertThat(post("/api/v1/audit/checkpoints", "", ADMIN_TOKEN).status()).isEqualTo(201);
    }

    @Test
    void shouldAnswerBadRequestForACheckpointThatIsNotOne() throws Exception {
        Response notJson = post("/api/v1/audit/checkpoints/verify", "{not json", ANALYST_TOKEN);
        Response incomplete = post("/api/v1/audit/checkpoints/verify", "{\"seq\": 3}", ANALYST_TOKEN);

        for (Response response : List.of(notJson, incomplete)) {
            assertThat(response.status()).isEqualTo(400);
            assertProblem(response, "https://sos.karachi.example/problems/validation");
        }
    }

    /** Two events of a new alert, published one after the other: their seqs, in order. */
    private long[] twoNewRows(String description) throws Exception {
        UUID alertId = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AlertRaised raised = alertRaised(alertId, at, description);
        publish(Topics.ALERTS.name(), raised);
        awaitTimeline(alertId, 1);
        publish(Topics.ASSIGNMENTS.name(), unitsAssigned(alertId, raised, at.plusMillis(40)));
        JsonNode timeline = awaitTimeline(alertId, 2);
        long first = timeline.get("events").get(0).get("seq").asLong();
        long second = timeline.get("events").get(1).get("seq").asLong();
        assertThat(second).isGreaterThan(first);
        return new long[] {first, second};
    }

    private static void swap(long a, long b) throws SQLException {
        tamper("UPDATE audit_event SET seq = -1 WHERE seq = " + a);
        tamper("UPDATE audit_event SET seq = " + a + " WHERE seq = " + b);
        tamper("UPDATE audit_event SET seq = " + b + " WHERE seq = -1");
    }

    /** Runs SQL as the superuser with triggers off, as someone with full access to the database server could. */
    private static void tamper(String sql) throws SQLException {
        try (Connection connection = EmbeddedPostgresDatabase.get()
                        .getDatabase("postgres", "sos_audit_it")
                        .getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            statement.execute(sql);
        }
    }

    private static JdbcTemplate superuser() {
        return new JdbcTemplate(EmbeddedPostgresDatabase.get().getDatabase("postgres", "sos_audit_it"));
    }

    @Test
    void shouldRefuseTheTimelineWithoutTheAnalystToken() throws Exception {
        Response missing = get("/api/v1/audit/alerts/" + UUID.randomUUID() + "/timeline", null);
        Response wrong = get("/api/v1/audit/alerts/" + UUID.randomUUID() + "/timeline", "not-the-token");
        Response events = get("/api/v1/audit/events", "not-the-token");

        for (Response response : List.of(missing, wrong, events)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
            assertProblem(response, "https://sos.karachi.example/problems/unauthorized");
        }
        assertThat(wrong.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void shouldAnswerNotFoundForAnAlertWithoutEvents() throws Exception {
        Response response = get("/api/v1/audit/alerts/" + UUID.randomUUID() + "/timeline", ANALYST_TOKEN);

        assertThat(response.status()).isEqualTo(404);
        assertProblem(response, "https://sos.karachi.example/problems/alert-not-found");
    }

    @Test
    void shouldAnswerBadRequestForAMalformedAlertIdOrLimit() throws Exception {
        Response malformedId = get("/api/v1/audit/alerts/not-a-uuid/timeline", ANALYST_TOKEN);
        Response malformedLimit = get("/api/v1/audit/events?limit=many", ANALYST_TOKEN);
        Response limitTooLarge = get("/api/v1/audit/events?limit=100000", ANALYST_TOKEN);

        for (Response response : List.of(malformedId, malformedLimit, limitTooLarge)) {
            assertThat(response.status()).isEqualTo(400);
            assertProblem(response, "https://sos.karachi.example/problems/validation");
        }
        assertThat(malformedId.json().get("detail").asString()).contains("alertId");
    }

    @Test
    void shouldReportReadyWithoutAnyToken() throws Exception {
        Response readiness = get("/actuator/health/readiness", null);

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    }

    // --- helpers ---

    static void createDatabase(EmbeddedPostgres postgres, String database, String user, String password)
            throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            var role = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + user + "'");
            if (!role.next()) {
                statement.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            }
            var db = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!db.next()) {
                statement.execute("CREATE DATABASE " + database + " OWNER " + user);
            }
        }
    }

    private static void ensureTopic(String name) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void publish(String topic, SosEvent event) throws Exception {
        events.send(new ProducerRecord<>(topic, event.key(), event)).get();
    }

    private JsonNode awaitTimeline(UUID alertId, int size) {
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            Response response = get("/api/v1/audit/alerts/" + alertId + "/timeline", ANALYST_TOKEN);
                            return response.status() == 200 ? response.json() : null;
                        },
                        json -> json != null && json.get("events").size() >= size);
    }

    private int countOf(UUID eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE event_id = ?", Integer.class, eventId);
    }

    private JsonNode find(long afterSeq, UUID eventId) throws Exception {
        JsonNode page = get("/api/v1/audit/events?limit=1000&afterSeq=" + afterSeq, ANALYST_TOKEN)
                .json();
        for (JsonNode entry : page.get("events")) {
            if (entry.get("eventId").asString().equals(eventId.toString())) {
                return entry;
            }
        }
        return null;
    }

    /** The dead letter of the record that was sent as {@code original}. */
    private ConsumerRecord<String, byte[]> awaitDeadLetter(RecordMetadata original) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS).stream()
                    .map(info -> new TopicPartition(DEAD_LETTERS, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (original.topic().equals(header(record, "kafka_dlt-original-topic"))
                            && Integer.toString(original.partition())
                                    .equals(header(record, "kafka_dlt-original-partition"))
                            && Long.toString(original.offset()).equals(header(record, "kafka_dlt-original-offset"))) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + original);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            return null;
        }
        byte[] value = header.value();
        if (name.endsWith("-offset") && value.length == Long.BYTES) {
            return Long.toString(ByteBuffer.wrap(value).getLong());
        }
        if (name.endsWith("-partition") && value.length == Integer.BYTES) {
            return Integer.toString(ByteBuffer.wrap(value).getInt());
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static void assertProblem(Response response, String type) {
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(response.status());
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private Response get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(), response.body(), response.headers().map());
    }

    private Response post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(
                request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(), response.body(), response.headers().map());
    }

    record Response(int status, String body, Map<String, List<String>> headers) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    // --- events ---

    static AlertRaised alertRaised(UUID alertId, Instant at, String description) {
        return Fixtures.armedAttack(UUID.randomUUID(), alertId, at, description);
    }

    static UnitsAssigned unitsAssigned(UUID alertId, AlertRaised raised, Instant at) {
        return new UnitsAssigned(
                UUID.randomUUID(),
                at,
                alertId,
                raised.eventId(),
                1,
                List.of(new UnitsAssigned.Assignment(
                        "KHI-PL-CLF-01",
                        "Clifton Mobile 1",
                        Agency.POLICE,
                        "PATROL_CAR",
                        "Boat Basin Police Station",
                        Karachi.SADDAR,
                        4.6,
                        420)));
    }

    static NotificationSent notificationSent(UUID alertId, Instant at) {
        return new NotificationSent(
                UUID.randomUUID(),
                at,
                alertId,
                UUID.randomUUID(),
                "AlertRaised",
                "police-control-room",
                "webhook",
                1,
                204);
    }

    @Test
    void shouldNotBeReadyWithoutKafka(
            @Autowired HealthEndpointGroups groups, @Autowired HealthContributorRegistry health) {
        assertThat(groups.get("readiness").isMember("kafka")).isTrue();
        assertThat(health.getContributor("kafka")).isInstanceOf(KafkaHealthIndicator.class);
    }
}
