package sos.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationSent;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;

/**
 * The service as a real process, killed (SIGKILL) between sending and committing: the alert's record is consumed, two
 * recipients have their message and its outcome is on Kafka, but the third recipient has not answered yet, so the
 * offset is not committed. After a restart the record is consumed again; the two recipients must not get it again. And
 * killed while a retry waits on the retry topic: the retry is made after the restart, once.
 */
class DeliveryCrashIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static EmbeddedKafkaKraftBroker broker;
    private static HttpServer recipients;
    private static final ConcurrentLinkedQueue<String[]> received = new ConcurrentLinkedQueue<>();
    private static final CountDownLatch killed = new CountDownLatch(1);
    private static final AtomicBoolean slowDeskHeldOnce = new AtomicBoolean();
    private static final AtomicBoolean flakyDeskFailedOnce = new AtomicBoolean();
    private static Process service;

    @BeforeAll
    static void startBrokerAndRecipients() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        broker.doWithAdmin(admin -> {
            try {
                admin.createTopics(List.of(new NewTopic(Topics.ALERTS.name(), 2, (short) 1)))
                        .all()
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        recipients = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        recipients.setExecutor(Executors.newCachedThreadPool());
        recipients.createContext("/hooks/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String recipientId = path.substring(path.lastIndexOf('/') + 1);
            exchange.getRequestBody().readAllBytes();
            received.add(new String[] {recipientId, exchange.getRequestHeaders().getFirst("SOS-Delivery-Id")});
            if (recipientId.equals("slow-desk") && slowDeskHeldOnce.compareAndSet(false, true)) {
                try {
                    killed.await(); // the service dies while waiting for this answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            boolean flaky = recipientId.equals("flaky-desk") && flakyDeskFailedOnce.compareAndSet(false, true);
            exchange.sendResponseHeaders(flaky ? 503 : 204, -1);
            exchange.close();
        });
        recipients.start();
    }

    @AfterAll
    static void stopEverything() {
        if (service != null) {
            service.destroyForcibly();
        }
        killed.countDown();
        if (recipients != null) {
            recipients.stop(0);
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    /** Each test starts its own service and counts its own deliveries. */
    @BeforeEach
    void stopTheServiceOfTheTestBefore() throws InterruptedException {
        if (service != null) {
            service.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        received.clear();
    }

    @Test
    void shouldNotSendACompletedDeliveryAgainWhenTheServiceIsKilledBeforeItCommits() throws Exception {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        int port = freePort();
        service = startService(port, "first");
        awaitReady(port);

        publish(attack);
        try (KafkaConsumer<String, SosEvent> outcomes = outcomeReader()) {
            List<NotificationEvent> seen = new java.util.ArrayList<>();
            await(
                    () -> {
                        outcomes.poll(Duration.ofMillis(200))
                                .forEach(record -> seen.add((NotificationEvent) record.value()));
                        return seen.size() >= 2 && receivedBy("slow-desk") == 1;
                    },
                    "two outcomes on Kafka and the slow desk's request pending");
            assertThat(seen)
                    .extracting(NotificationEvent::recipientId)
                    .containsExactlyInAnyOrder("police-control-room", "rangers-ops-room");

            service.destroyForcibly().waitFor(20, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no commit
            killed.countDown();
            int restartedPort = freePort();
            service = startService(restartedPort, "second");
            awaitReady(restartedPort);

            await(
                    () -> {
                        outcomes.poll(Duration.ofMillis(200))
                                .forEach(record -> seen.add((NotificationEvent) record.value()));
                        return seen.stream()
                                .anyMatch(outcome -> outcome.recipientId().equals("slow-desk"));
                    },
                    "the slow desk's delivery after the restart");
            Thread.sleep(1000); // a moment longer, so that an extra delivery would show
            outcomes.poll(Duration.ofMillis(200)).forEach(record -> seen.add((NotificationEvent) record.value()));
            assertThat(seen.stream().filter(o -> o.recipientId().equals("slow-desk")))
                    .singleElement()
                    .isInstanceOf(NotificationSent.class);
        }
        assertThat(receivedBy("police-control-room")).as("police control room").isEqualTo(1);
        assertThat(receivedBy("rangers-ops-room")).as("rangers ops room").isEqualTo(1);
        assertThat(received.stream().filter(r -> r[0].equals("slow-desk")).map(r -> r[1]))
                .as("the unanswered delivery is made again, with the same delivery id for the recipient to drop")
                .hasSize(2)
                .containsOnly(received.stream()
                        .filter(r -> r[0].equals("slow-desk"))
                        .findFirst()
                        .orElseThrow()[1]);
    }

    /**
     * The alert's record is committed once the failed first attempt's retry job is on the retry topic; the service dies
     * before the retry is due. After a restart only the job on the retry topic can deliver it: the desk gets it then,
     * once, with the same delivery id, and nobody else gets anything again.
     */
    @Test
    void shouldMakeAfterACrashTheRetryThatWaitedOnTheRetryTopicAndSendNothingTwice() throws Exception {
        AlertRaised fire = Alerts.raised("consulate-de", AlertType.FIRE);
        Map<String, String> slowRetries =
                Map.of("SOS_NOTIFICATION_INITIAL_BACKOFF", "6s", "SOS_NOTIFICATION_MAX_BACKOFF", "6s");
        int port = freePort();
        service = startService(port, "retry-first", slowRetries);
        awaitReady(port);
        publish(fire);
        try (KafkaConsumer<String, SosEvent> outcomes = outcomeReader()) {
            List<NotificationEvent> seen = new java.util.ArrayList<>();
            await(
                    () -> {
                        outcomes.poll(Duration.ofMillis(200))
                                .forEach(record -> seen.add((NotificationEvent) record.value()));
                        return seen.stream()
                                        .anyMatch(o -> o instanceof sos.contracts.NotificationFailed failed
                                                && failed.recipientId().equals("flaky-desk")
                                                && !failed.isFinal())
                                && seen.stream().anyMatch(o -> o.recipientId().equals("police-control-room"));
                    },
                    "the flaky desk's failed first attempt and the control room's delivery on Kafka");
            Thread.sleep(500); // the batch's offset is committed right after its events and retry job are on Kafka

            service.destroyForcibly().waitFor(20, TimeUnit.SECONDS); // before the retry is due (3 to 6 s)
            assertThat(receivedBy("flaky-desk")).as("no retry before the crash").isEqualTo(1);
            int restartedPort = freePort();
            service = startService(restartedPort, "retry-second", slowRetries);
            awaitReady(restartedPort);

            await(
                    () -> {
                        outcomes.poll(Duration.ofMillis(200))
                                .forEach(record -> seen.add((NotificationEvent) record.value()));
                        return seen.stream()
                                .anyMatch(o -> o instanceof NotificationSent sent
                                        && sent.recipientId().equals("flaky-desk"));
                    },
                    "the flaky desk's delivery by the retry after the restart");
            Thread.sleep(1000); // a moment longer, so that an extra delivery would show
            outcomes.poll(Duration.ofMillis(200)).forEach(record -> seen.add((NotificationEvent) record.value()));
            assertThat(seen.stream()
                            .filter(o -> o instanceof NotificationSent
                                    && o.recipientId().equals("flaky-desk")))
                    .singleElement()
                    .isInstanceOfSatisfying(
                            NotificationSent.class,
                            sent -> assertThat(sent.attempts()).isEqualTo(2));
        }
        assertThat(receivedBy("police-control-room")).as("police control room").isEqualTo(1);
        assertThat(received.stream().filter(r -> r[0].equals("flaky-desk")).map(r -> r[1]))
                .as("the failed attempt and its retry, with the same delivery id")
                .hasSize(2)
                .containsOnly(received.stream()
                        .filter(r -> r[0].equals("flaky-desk"))
                        .findFirst()
                        .orElseThrow()[1]);
    }

    private static void publish(AlertRaised alert) throws Exception {
        try (KafkaProducer<String, SosEvent> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new SosEventSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.key(), alert))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static long receivedBy(String recipientId) {
        return received.stream().filter(r -> r[0].equals(recipientId)).count();
    }

    private static Process startService(int port, String name) throws IOException {
        return startService(port, name, Map.of());
    }

    private static Process startService(int port, String name, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                NotificationApplication.class.getName(),
                // a killed consumer's partitions go to its successor within seconds
                "--spring.kafka.consumer.properties[session.timeout.ms]=6000",
                "--spring.kafka.consumer.properties[heartbeat.interval.ms]=1000");
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SOS_KAFKA_BOOTSTRAP", broker.getBrokersAsString());
        builder.environment().put("SOS_KAFKA_PARTITIONS", "2");
        builder.environment().put("SOS_NOTIFICATION_ROUTING_FILE", "classpath:routing/crash.yml");
        builder.environment()
                .put(
                        "SOS_WEBHOOK_BASE_URL",
                        "http://127.0.0.1:" + recipients.getAddress().getPort() + "/hooks");
        builder.environment().put("SOS_NOTIFICATION_REQUEST_TIMEOUT", "60s");
        // the record waits for the slow desk's first attempt (it is not handed to the retry topic), so that the
        // service dies between sending and committing
        builder.environment().put("SOS_NOTIFICATION_FIRST_ATTEMPT_BUDGET", "120s");
        builder.environment().putAll(env);
        File log = new File("target/delivery-crash-it-" + name + ".log");
        builder.redirectErrorStream(true).redirectOutput(log);
        return builder.start();
    }

    private static void awaitReady(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        await(
                () -> {
                    assertThat(service.isAlive())
                            .as("the service process is running")
                            .isTrue();
                    try {
                        return http.send(readiness, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                },
                "readiness of the service on port " + port);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static KafkaConsumer<String, SosEvent> outcomeReader() {
        KafkaConsumer<String, SosEvent> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "crash-it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                        1000),
                new StringDeserializer(),
                new SosEventDeserializer());
        consumer.subscribe(List.of(Topics.NOTIFICATIONS.name()));
        return consumer;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
