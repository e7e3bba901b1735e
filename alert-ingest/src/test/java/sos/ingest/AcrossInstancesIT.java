package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static sos.ingest.ProblemAssertions.assertProblem;
import static sos.ingest.ProblemAssertions.json;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import sos.contracts.SosEvent;
import sos.contracts.Topics;

/**
 * What must hold across a restart and across instances on one broker. An Idempotency-Key: the key, the consulate and
 * the body's SHA-256 travel with the record on {@code sos.alerts}, so an instance that did not answer the first request
 * (a restarted one, or another one) answers its retry with the same status and body, and 422 for another body. A PIN
 * lockout: wrong PINs are marked on {@code sos.alerts.rejected}, so a restarted instance keeps the cancel locked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class AcrossInstancesIT {

    private static final String SECRET = "idempotency-instances-secret";
    private static final String ALERT = "{\"type\":\"FIRE\",\"location\":{\"lat\":24.8138,\"lon\":67.03}}";
    private static final String PIN = "2580";
    private static final String DURESS_PIN = "7531";
    private static final String OTHER_ALERT = "{\"type\":\"MEDICAL\",\"location\":{\"lat\":24.8138,\"lon\":67.03}}";

    private EmbeddedKafkaKraftBroker broker;
    private AlertsTopic alerts;

    @BeforeAll
    void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        alerts = new AlertsTopic(broker.getBrokersAsString(), Topics.ALERTS.name());
    }

    @AfterAll
    void stopBroker() {
        alerts.close();
        broker.destroy();
    }

    @Test
    void shouldReplayTheFirstAnswerAfterARestartAndRefuseAnotherBody() {
        String key = "restart-" + UUID.randomUUID();
        HttpResponse<String> first = acceptedByAnInstanceThatThenStops(key);
        Map<TopicPartition, Long> afterFirst = alerts.endOffsets();

        try (ConfigurableApplicationContext after = instance()) {
            assertRetriesAnsweredBy(client(after), first, key);
        }
        assertThat(alerts.eventsSince(afterFirst))
                .as("nothing written by the retries")
                .isEmpty();
    }

    /**
     * A crash after the alert was stored but before the client had its 202: the client retries with the same key, and
     * the retry reaches the restarted instance before that instance has read its topic back (here its view reads
     * slowly: a long fetch wait). The retry must not raise a second alert: it is held, or refused with 503 until the
     * view has caught up, and then answered with the first answer.
     */
    @Test
    void shouldNotRaiseASecondAlertWhenARetryReachesARestartedInstanceBeforeItsViewHasCaughtUp() throws Exception {
        String key = "early-retry-" + UUID.randomUUID();
        HttpResponse<String> first = acceptedByAnInstanceThatThenStops(key);
        Map<TopicPartition, Long> afterFirst = alerts.endOffsets();

        try (ConfigurableApplicationContext after = instance("SOS_INGEST_VIEW_FETCH_WAIT=8s")) {
            SignedRequests germany = client(after);
            HttpResponse<String> retry = germany.send(germany.alert(ALERT).header("Idempotency-Key", key));
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (retry.statusCode() == 503 && System.nanoTime() < deadline) {
                assertProblem(retry, 503, "broker-unavailable");
                assertThat(retry.headers().firstValue("Retry-After")).isPresent();
                Thread.sleep(200);
                retry = germany.send(germany.alert(ALERT).header("Idempotency-Key", key));
            }
            assertSameAnswer(retry, first);
        }
        assertThat(alerts.eventsSince(afterFirst))
                .as("nothing written by the retry")
                .isEmpty();
    }

    @Test
    void shouldReplayOnASecondInstanceWhatTheFirstAccepted() throws Exception {
        try (ConfigurableApplicationContext one = instance();
                ConfigurableApplicationContext two = instance()) {
            SignedRequests viaOne = client(one);
            SignedRequests viaTwo = client(two);
            String key = "two-instances-" + UUID.randomUUID();

            Map<TopicPartition, Long> start = alerts.endOffsets();
            HttpResponse<String> first = viaOne.send(viaOne.alert(ALERT).header("Idempotency-Key", key));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            assertRetriesAnsweredBy(viaTwo, first, key);
            var written = alerts.since(start);
            assertThat(written).as("one record, from the first request").hasSize(1);
            ConsumerRecord<String, SosEvent> record = written.get(0);
            assertThat(header(record, ProvenanceHeaders.IDEMPOTENCY_KEY)).isEqualTo(key);
            assertThat(header(record, ProvenanceHeaders.CONSULATE_ID)).isEqualTo("consulate-de");
            assertThat(header(record, ProvenanceHeaders.BODY_SHA256))
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(ALERT.getBytes(StandardCharsets.UTF_8))));
        }
    }

    private HttpResponse<String> acceptedByAnInstanceThatThenStops(String key) {
        try (ConfigurableApplicationContext before = instance()) {
            SignedRequests germany = client(before);
            HttpResponse<String> first = germany.send(germany.alert(ALERT).header("Idempotency-Key", key));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            return first;
        }
    }

    /**
     * Once {@code instance}'s view holds the first request's alert, a retry there gets the first answer again and the
     * same key with another body gets 422.
     */
    private static void assertRetriesAnsweredBy(SignedRequests instance, HttpResponse<String> first, String key) {
        awaitViewOf(instance, json(first).path("alertId").asString());

        HttpResponse<String> retry = instance.send(instance.alert(ALERT).header("Idempotency-Key", key));
        HttpResponse<String> otherBody =
                instance.send(instance.alert(OTHER_ALERT).header("Idempotency-Key", key));

        assertSameAnswer(retry, first);
        assertProblem(otherBody, 422, "idempotency-key-reused");
    }

    @Test
    void shouldKeepTheCancelLockedAfterARestartOnceTooManyWrongPinsWereEntered(CapturedOutput output) {
        String alertId;
        try (ConfigurableApplicationContext before = instance();
                AlertsTopic rejected = new AlertsTopic(broker.getBrokersAsString(), Topics.ALERTS_REJECTED.name())) {
            SignedRequests japan = client(before).as("jp-demo-1", SECRET);
            Map<TopicPartition, Long> start = rejected.endOffsets();
            HttpResponse<String> raised = japan.send(japan.alert(ALERT));
            assertThat(raised.statusCode()).as(raised.body()).isEqualTo(202);
            alertId = json(raised).path("alertId").asString();
            for (int i = 0; i < 5; i++) {
                assertProblem(cancel(japan, alertId, "0000"), 403, "pin-incorrect");
            }
            assertProblem(cancel(japan, alertId, PIN), 429, "pin-attempts-exceeded");
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> rejected.since(start).stream()
                                    .filter(r -> r.headers().lastHeader(PinFailureFollower.PIN_FAILURE_OF) != null)
                                    .count()
                            == 5);
        }

        try (ConfigurableApplicationContext after = instance()) {
            SignedRequests japan = client(after).as("jp-demo-1", SECRET);
            awaitViewOf(japan, alertId);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            output.getOut().contains("PIN lockouts rebuilt from sos.alerts.rejected: 5 wrong PINs"));

            assertProblem(cancel(japan, alertId, PIN), 429, "pin-attempts-exceeded");
            assertThat(json(japan.send(japan.get("/api/v1/alerts/" + alertId)))
                            .path("status")
                            .asString())
                    .as("the alert stays open")
                    .isEqualTo("OPEN");
        }
    }

    /**
     * Two instances configured as peers: every press of a consulate is decided by its owner, so eight presses at once,
     * half through each instance, make one alert and seven repeat presses of it. With the owner gone, the other
     * instance decides presses itself (an alert is never refused because a peer is down).
     */
    @Test
    void shouldDecideConcurrentPressesOfOneConsulateOnOneInstanceAndGoOnWithoutIt() throws Exception {
        int portA = freePort();
        int portB = freePort();
        String peers = "http://127.0.0.1:" + portA + ",http://127.0.0.1:" + portB;
        ConfigurableApplicationContext a = peer(portA, peers);
        ConfigurableApplicationContext b = peer(portB, peers);
        try {
            SignedRequests viaA = client(a).as("tr-demo-1", SECRET);
            SignedRequests viaB = client(b).as("tr-demo-1", SECRET);
            Map<TopicPartition, Long> start = alerts.endOffsets();

            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<HttpResponse<String>>> presses = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SignedRequests via = i % 2 == 0 ? viaA : viaB;
                presses.add(pool.submit(() -> {
                    go.await();
                    return via.send(via.alert(ALERT));
                }));
            }
            go.countDown();
            java.util.Set<String> alertIds = new java.util.HashSet<>();
            for (var press : presses) {
                HttpResponse<String> answer = press.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                alertIds.add(json(answer).path("alertId").asString());
            }
            pool.shutdown();
            assertThat(alertIds).as("one incident").hasSize(1);
            List<SosEvent> written = alerts.eventsSince(start);
            assertThat(written)
                    .filteredOn(sos.contracts.AlertRaised.class::isInstance)
                    .hasSize(1);
            assertThat(written)
                    .filteredOn(sos.contracts.AlertRepeatPressed.class::isInstance)
                    .hasSize(7);

            URI owner = PressRouter.ownerOf(
                    "consulate-tr",
                    List.of(URI.create("http://127.0.0.1:" + portA), URI.create("http://127.0.0.1:" + portB)));
            ConfigurableApplicationContext survivor = owner.getPort() == portA ? b : a;
            (owner.getPort() == portA ? a : b).close();
            SignedRequests viaSurvivor = client(survivor).as("tr-demo-1", SECRET);
            HttpResponse<String> alone = viaSurvivor.send(viaSurvivor.alert(ALERT));
            assertThat(alone.statusCode()).as(alone.body()).isEqualTo(202);
        } finally {
            a.close();
            b.close();
        }
    }

    private ConfigurableApplicationContext peer(int port, String peers) {
        return new SpringApplicationBuilder(AlertIngestApplication.class)
                .properties(
                        "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "SERVER_PORT=" + port,
                        "SOS_DEMO_KEY_SECRET=" + SECRET,
                        "SOS_DEMO_PIN=" + PIN,
                        "SOS_DEMO_DURESS_PIN=" + DURESS_PIN,
                        "SOS_INGEST_PIN_HASH_ITERATIONS=10000",
                        "SOS_KAFKA_PARTITIONS=2",
                        "SOS_INGEST_PEERS=" + peers,
                        "SOS_INGEST_SELF=http://127.0.0.1:" + port)
                .run();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> cancel(SignedRequests consulate, String alertId, String pin) {
        return consulate.send(consulate.post("/api/v1/alerts/" + alertId + "/cancel", "{\"pin\":\"" + pin + "\"}"));
    }

    private static void assertSameAnswer(HttpResponse<String> retry, HttpResponse<String> first) {
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(first.statusCode());
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    /** The instance's view has read the alert back from the topic. */
    private static void awaitViewOf(SignedRequests client, String alertId) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        client.send(client.get("/api/v1/alerts/" + alertId)).statusCode() == 200);
    }

    private static String header(ConsumerRecord<String, SosEvent> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private ConfigurableApplicationContext instance(String... moreProperties) {
        return new SpringApplicationBuilder(AlertIngestApplication.class)
                .properties(
                        "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "SERVER_PORT=0",
                        "SOS_DEMO_KEY_SECRET=" + SECRET,
                        "SOS_DEMO_PIN=" + PIN,
                        "SOS_DEMO_DURESS_PIN=" + DURESS_PIN,
                        "SOS_INGEST_PIN_HASH_ITERATIONS=10000",
                        "SOS_KAFKA_PARTITIONS=2")
                .properties(moreProperties)
                .run();
    }

    private static SignedRequests client(ConfigurableApplicationContext context) {
        return new SignedRequests(
                Integer.parseInt(context.getEnvironment().getProperty("local.server.port")), "de-demo-1", SECRET);
    }
}
