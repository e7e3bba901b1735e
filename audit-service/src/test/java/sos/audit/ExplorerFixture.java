package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import sos.contracts.Agency;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.AssignmentUpdated;
import sos.contracts.NotificationAcknowledged;
import sos.contracts.Severity;
import sos.contracts.SosEvent;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;
import sos.testsupport.EmbeddedPostgresDatabase;
import sos.testsupport.Karachi;

/**
 * The explorer's tests share one service (one Spring context, cached between the test classes), a real KRaft broker,
 * a real PostgreSQL database of their own, and three alerts put on record through Kafka once: a live armed attack on
 * the German consulate in South with the whole response (its description hostile HTML), a live fire at the French
 * consulate in East answered by Rangers, and a German fire drill.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sos.audit.checkpoint.key-file=target/explorer-it-checkpoint-ed25519.key",
            "sos.kafka.partitions=1",
        })
@EmbeddedKafka(
        partitions = 1,
        topics = {
            "sos.alerts",
            "sos.alerts.rejected",
            "sos.dispatch.assignments",
            "sos.notifications",
            "sos.units.state"
        },
        brokerProperties = {"auto.create.topics.enable=false"},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
abstract class ExplorerFixture {

    static final String ANALYST_TOKEN = "explorer-it-analyst-token";
    static final String ADMIN_TOKEN = "explorer-it-admin-token";
    static final String DE_TOKEN = "explorer-it-consulate-de-token";
    static final String FR_TOKEN = "explorer-it-consulate-fr-token";
    static final String HOSTILE = "<script>alert('owned')</script> & \"gunfire\" <img src=x onerror=alert(1)>";

    /** The attack's events in the order they happened. */
    static final List<String> ATTACK_EVENT_TYPES = List.of(
            "AlertRaised", "NotificationAcknowledged", "UnitsAssigned", "AssignmentUpdated", "AssignmentUpdated");

    /** The alerts on record, the same for every test of every explorer class in this JVM. */
    record Alerts(
            AlertRaised attack,
            UnitsAssigned police,
            String policeUnit,
            AlertRaised fire,
            UnitsAssigned rangers,
            String rangersUnit,
            AlertRaised drill) {}

    static Alerts alerts;

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgresDatabase.get();
        AuditIT.createDatabase(postgres, "sos_audit_explorer_it", "sos_audit", "sos_audit_it_password");
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:postgresql://localhost:" + postgres.getPort() + "/sos_audit_explorer_it");
        registry.add("spring.datasource.username", () -> "sos_audit");
        registry.add("spring.datasource.password", () -> "sos_audit_it_password");
        registry.add("sos.audit.analyst-token", () -> ANALYST_TOKEN);
        registry.add("sos.audit.admin-token", () -> ADMIN_TOKEN);
        registry.add("sos.audit.consulate-tokens", () -> "consulate-de=" + DE_TOKEN + ",consulate-fr=" + FR_TOKEN);
    }

    @BeforeEach
    void putTheAlertsOnRecordOnce(@Value("${spring.kafka.bootstrap-servers}") String bootstrap) throws Exception {
        synchronized (ExplorerFixture.class) {
            if (alerts == null) {
                alerts = publish(bootstrap);
            }
        }
    }

    /** Signs the chain head now through the API (as the scheduler would every few minutes); returns its seq. */
    long signCheckpointAsAdmin() {
        try {
            HttpResponse<String> signed = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base() + "/api/v1/audit/checkpoints"))
                                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(signed.statusCode()).isEqualTo(201);
            Matcher seq = Pattern.compile("\"seq\":([0-9]+)").matcher(signed.body());
            assertThat(seq.find()).isTrue();
            return Long.parseLong(seq.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    private Alerts publish(String bootstrap) throws Exception {
        Instant at = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
        AlertRaised attack = new AlertRaised(
                        UUID.randomUUID(),
                        at,
                        UUID.randomUUID(),
                        "consulate-de",
                        "Consulate General of Germany (demo)",
                        AlertType.ARMED_ATTACK,
                        Severity.CRITICAL,
                        Karachi.CLIFTON,
                        12.0,
                        "Chancery, Clifton Block 4",
                        HOSTILE,
                        false)
                .withDistrict("South");
        String policeUnit = "KHI-PL-" + tag;
        UnitsAssigned police = new UnitsAssigned(
                UUID.randomUUID(),
                at.plusSeconds(30),
                attack.alertId(),
                attack.eventId(),
                1,
                List.of(new UnitsAssigned.Assignment(
                        policeUnit,
                        "Clifton Mobile 1",
                        Agency.POLICE,
                        "PATROL_CAR",
                        "Boat Basin",
                        Karachi.SADDAR,
                        2.1,
                        300)));
        NotificationAcknowledged accepted = new NotificationAcknowledged(
                UUID.randomUUID(),
                at.plusSeconds(12),
                attack.alertId(),
                attack.eventId(),
                "police-control-room",
                "webhook",
                "WEBHOOK",
                UUID.randomUUID(),
                "CONTROL_ROOM");
        AssignmentUpdated acknowledged = new AssignmentUpdated(
                UUID.randomUUID(),
                at.plusSeconds(60),
                attack.alertId(),
                policeUnit,
                "ACKNOWLEDGED",
                "unit acknowledged",
                null,
                List.of());
        AssignmentUpdated onScene = new AssignmentUpdated(
                UUID.randomUUID(),
                at.plusSeconds(420),
                attack.alertId(),
                policeUnit,
                "ON_SCENE",
                "on scene",
                null,
                List.of());
        AlertRaised fire = new AlertRaised(
                        UUID.randomUUID(),
                        at.plusSeconds(600),
                        UUID.randomUUID(),
                        "consulate-fr",
                        "Consulate General of France (demo)",
                        AlertType.FIRE,
                        Severity.HIGH,
                        Karachi.SADDAR,
                        20.0,
                        null,
                        "smoke from the generator room",
                        false)
                .withDistrict("East");
        String rangersUnit = "KHI-RG-" + tag;
        UnitsAssigned rangers = new UnitsAssigned(
                UUID.randomUUID(),
                at.plusSeconds(690),
                fire.alertId(),
                fire.eventId(),
                1,
                List.of(new UnitsAssigned.Assignment(
                        rangersUnit, "Wing 2", Agency.RANGERS, "QRF", "Rangers HQ", Karachi.SADDAR, 3.0, 400)));
        AlertRaised drill = new AlertRaised(
                        UUID.randomUUID(),
                        at.plusSeconds(1200),
                        UUID.randomUUID(),
                        "consulate-de",
                        "Consulate General of Germany (demo)",
                        AlertType.FIRE,
                        Severity.HIGH,
                        Karachi.CLIFTON,
                        10.0,
                        null,
                        "quarterly fire drill",
                        true)
                .withDistrict("South");
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                0);
        try (KafkaProducer<String, SosEvent> producer =
                new KafkaProducer<>(config, new StringSerializer(), new SosEventSerializer())) {
            // each alert's AlertRaised first, stored before the rest, so that every later event carries its facts
            send(producer, Topics.ALERTS.name(), attack);
            send(producer, Topics.ALERTS.name(), fire);
            send(producer, Topics.ALERTS.name(), drill);
            awaitStored(attack.alertId(), 1);
            awaitStored(fire.alertId(), 1);
            awaitStored(drill.alertId(), 1);
            send(producer, Topics.NOTIFICATIONS.name(), accepted);
            send(producer, Topics.ASSIGNMENTS.name(), police);
            send(producer, Topics.ASSIGNMENTS.name(), acknowledged);
            send(producer, Topics.ASSIGNMENTS.name(), onScene);
            send(producer, Topics.ASSIGNMENTS.name(), rangers);
        }
        awaitStored(attack.alertId(), 5);
        awaitStored(fire.alertId(), 2);
        return new Alerts(attack, police, policeUnit, fire, rangers, rangersUnit, drill);
    }

    private static void send(KafkaProducer<String, SosEvent> producer, String topic, SosEvent event) throws Exception {
        producer.send(new ProducerRecord<>(topic, event.key(), event)).get();
    }

    private void awaitStored(UUID alertId, int events) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> jdbc.queryForObject(
                                "SELECT count(*) FROM audit_event WHERE alert_id = ?", Integer.class, alertId),
                        count -> count >= events);
    }
}
