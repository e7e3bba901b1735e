package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import sos.contracts.AlertRaised;
import sos.contracts.SosEvent;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;

/**
 * The service with a PostgreSQL of its own that starts after the service does and later goes away for a while: nothing
 * published meanwhile is lost, nothing is committed before it is stored, and the service says it is not ready.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sos.audit.checkpoint.key-file=target/it-checkpoint-ed25519.key",
            "sos.kafka.partitions=1",
            "sos.audit.retry.database-initial-interval=200ms",
            "sos.audit.retry.database-max-interval=1s",
            "spring.datasource.hikari.connection-timeout=1000",
            "spring.flyway.connect-retries-interval=2s",
        })
@EmbeddedKafka(
        partitions = 1,
        topics = {"sos.alerts", "sos.alerts.rejected", "sos.dispatch.assignments", "sos.notifications"},
        brokerProperties = {"auto.create.topics.enable=false"},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
class AuditDatabaseOutageIT {

    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final int PORT = freePort();
    private static final Path DATA = temporaryDirectory();
    private static volatile EmbeddedPostgres postgres;
    private static volatile Instant serviceStarting;
    private static volatile Instant databaseStarted;
    private static CompletableFuture<Void> lateStart;

    private static KafkaProducer<String, SosEvent> events;
    private static Admin admin;

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DefaultErrorHandler errorHandler;

    @DynamicPropertySource
    static synchronized void database(DynamicPropertyRegistry registry) {
        if (lateStart == null) {
            serviceStarting = Instant.now();
            // the database comes up a few seconds after the service began to start
            lateStart = CompletableFuture.runAsync(() -> {
                sleep(Duration.ofSeconds(3));
                startDatabase();
                databaseStarted = Instant.now();
            });
        }
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://localhost:" + PORT + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @BeforeAll
    static void clients(@Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
        events = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                new StringSerializer(),
                new SosEventSerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @AfterAll
    static void stopAll() throws IOException {
        events.close();
        admin.close();
        if (postgres != null) {
            postgres.close();
        }
        try (Stream<Path> files = Files.walk(DATA)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void shouldLoseNothingPublishedWhileItsDatabaseWasDown() throws Exception {
        assertThat(lateStart).isCompleted();
        assertThat(databaseStarted).isAfter(serviceStarting.plusSeconds(2));
        List<ConsumerRecord<?, ?>> failedDeliveries = new CopyOnWriteArrayList<>();
        errorHandler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
                if (StoreFailures.isDatabaseUnavailable(ex)) {
                    failedDeliveries.add(record);
                }
            }
        });
        UUID alertId = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AlertRaised raised = AuditIT.alertRaised(alertId, at, "before the outage");
        UnitsAssigned assigned = AuditIT.unitsAssigned(alertId, raised, at.plusMillis(40));
        AlertRaised repeated = AuditIT.alertRaised(alertId, at.plusMillis(50), "during the outage");

        RecordMetadata first = publish(Topics.ALERTS.name(), raised);
        await().atMost(PATIENCE).until(() -> countOfAlert(alertId) == 1);
        await().atMost(PATIENCE).until(() -> committedOffset(first) == first.offset() + 1);

        postgres.close();
        publish(Topics.ASSIGNMENTS.name(), assigned);
        RecordMetadata during = publish(Topics.ALERTS.name(), repeated);

        await().atMost(PATIENCE).until(() -> failedDeliveries.size() >= 3);
        assertThat(committedOffset(first)).isEqualTo(first.offset() + 1);
        assertThat(committedOffset(during)).isLessThanOrEqualTo(during.offset());
        assertThat(status("/actuator/health/readiness")).isEqualTo(503);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);

        startDatabase();

        await().atMost(PATIENCE).until(() -> countOfAlert(alertId) == 3);
        await().atMost(PATIENCE).until(() -> committedOffset(during) == during.offset() + 1);
        assertThat(countOf(raised.eventId())).isEqualTo(1);
        assertThat(countOf(assigned.eventId())).isEqualTo(1);
        assertThat(countOf(repeated.eventId())).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> status("/actuator/health/readiness") == 200);
    }

    private static synchronized void startDatabase() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(PORT)
                    .setDataDirectory(DATA)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordMetadata publish(String topic, SosEvent event) throws Exception {
        return events.send(new ProducerRecord<>(topic, event.key(), event)).get();
    }

    private long committedOffset(RecordMetadata record) throws Exception {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("audit-service")
                .partitionsToOffsetAndMetadata()
                .get();
        OffsetAndMetadata committed = offsets.get(partition);
        return committed == null ? -1 : committed.offset();
    }

    private int countOfAlert(UUID alertId) {
        try {
            return jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE alert_id = ?", Integer.class, alertId);
        } catch (RuntimeException databaseStillDown) {
            return -1;
        }
    }

    private int countOf(UUID eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE event_id = ?", Integer.class, eventId);
    }

    private int status(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("audit-outage-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
