package sos.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.EventJson;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.contracts.RequestSignature;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;
import sos.notification.domain.delivery.DeliveryIds;
import sos.servicesupport.KafkaHealthIndicator;
import sos.testsupport.WebhookReceiver;
import tools.jackson.databind.JsonNode;

/**
 * The service end to end: real broker (topics are not auto-created, and the topics it reads are only created after it
 * started), real HTTP to a real signed-webhook receiver.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "sos.kafka.partitions=2",
            "sos.notification.routing-file=classpath:routing/it.yml",
            "sos.notification.webhook-secret=it-webhook-secret",
            "sos.notification.initial-backoff=50ms",
            "sos.notification.max-backoff=200ms",
            "sos.notification.connect-timeout=1s",
            "sos.notification.request-timeout=3s",
            "sos.notification.feed.control-room-token=it-feed-token",
            "sos.notification.ack.sms-inbound-token=it-sms-token",
            "sos.notification.escalation.deadline=3s",
            "sos.notification.escalation.chain=police-supervisor",
            "sos.notification.escalation.check-every=200ms",
            "sos.notification.feed.consulate-tokens=consulate-de=it-de-token,consulate-jp=it-jp-token"
        })
@EmbeddedKafka(brokerProperties = {"auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0"})
class NotificationIT {

    private static final byte[] SECRET = "it-webhook-secret".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DEAD_LETTERS = Topics.deadLetterTopicOf("notification-service");

    private static final WebhookReceiver receiver = startReceiver();
    private static final int refusedPort = freePort();
    /** Accepts connections (the kernel's backlog) and never answers: every request to it times out. */
    private static final ServerSocket hanging = hangingServer();

    private static KafkaProducer<String, SosEvent> producer;
    private static KafkaProducer<String, byte[]> rawProducer;
    private static KafkaConsumer<String, SosEvent> notifications;
    private static final List<ConsumerRecord<String, SosEvent>> seenNotifications = new ArrayList<>();

    @Autowired
    private EmbeddedKafkaBroker broker;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void recipients(DynamicPropertyRegistry registry) {
        registry.add("SOS_WEBHOOK_BASE_URL", () -> "http://127.0.0.1:" + receiver.port() + "/hooks");
        registry.add("SOS_TEST_REFUSED_URL", () -> "http://127.0.0.1:" + refusedPort + "/hooks");
        registry.add("SOS_TEST_HANGING_URL", () -> "http://127.0.0.1:" + hanging.getLocalPort() + "/hooks");
    }

    /** The service is already running; the topics it reads appear now, as when it starts before its writers. */
    @BeforeEach
    void createTheTopicsTheServiceReadsAndConnect() throws Exception {
        if (producer != null) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            for (String topic : List.of(Topics.ALERTS.name(), Topics.ASSIGNMENTS.name())) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)))
                            .all()
                            .get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                0);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new SosEventSerializer());
        rawProducer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        notifications = new KafkaConsumer<>(
                consumerConfig("notification-it-" + UUID.randomUUID()),
                new StringDeserializer(),
                new SosEventDeserializer());
        notifications.subscribe(List.of(Topics.NOTIFICATIONS.name()));
    }

    @AfterAll
    static void closeEverything() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            rawProducer.close(Duration.ofSeconds(5));
            notifications.close(Duration.ofSeconds(5));
        }
        receiver.close();
        try {
            hanging.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Test
    void shouldDeliverAnAlertToExactlyTheRoutedRecipientsSignedAndRecordEachDelivery() throws Exception {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        publish(Topics.ALERTS.name(), attack);

        Set<String> routed = Set.of("police-control-room", "rangers-ops-room", "consulate-de-security");
        List<ConsumerRecord<String, SosEvent>> outcomes = awaitOutcomesOf(attack, routed.size());
        assertThat(outcomes).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(attack.alertId().toString());
            assertThat(record.value()).isInstanceOfSatisfying(NotificationSent.class, sent -> {
                assertThat(sent.attempts()).isEqualTo(1);
                assertThat(sent.statusCode()).isEqualTo(204);
                assertThat(sent.channel()).isEqualTo("webhook");
                assertThat(sent.subjectEventType()).isEqualTo("AlertRaised");
            });
        });
        assertThat(outcomes)
                .extracting(record -> ((NotificationEvent) record.value()).recipientId())
                .containsExactlyInAnyOrderElementsOf(routed);

        List<WebhookReceiver.Delivery> deliveries = deliveriesOf(attack);
        assertThat(deliveries)
                .extracting(WebhookReceiver.Delivery::recipientId)
                .containsExactlyInAnyOrderElementsOf(routed);
        for (WebhookReceiver.Delivery delivery : deliveries) {
            assertThat(RequestSignature.verify(
                            delivery.headers().get("sos-signature"),
                            SECRET,
                            delivery.body().getBytes(StandardCharsets.UTF_8),
                            Instant.now(),
                            RequestSignature.DEFAULT_TOLERANCE))
                    .isEqualTo(RequestSignature.Verdict.VALID);
            UUID deliveryId = DeliveryIds.deliveryId(attack.eventId(), delivery.recipientId(), "webhook");
            assertThat(delivery.headers())
                    .containsEntry("sos-delivery-id", deliveryId.toString())
                    .containsEntry("sos-event-type", "AlertRaised")
                    .containsEntry("content-type", "application/json");
            var body = EventJson.mapper().readTree(delivery.body());
            assertThat(body.get("deliveryId").asString()).isEqualTo(deliveryId.toString());
            assertThat(body.get("recipientId").asString()).isEqualTo(delivery.recipientId());
            assertThat(EventJson.fromJson(body.get("event").toString())).isEqualTo(attack);
            assertThat(body.get("message").asString())
                    .startsWith("SOS ARMED_ATTACK (CRITICAL) at Consulate General of Germany (demo)")
                    .contains("— alert " + attack.alertId())
                    .contains("reply ACK " + sos.notification.domain.ack.AckCodes.code(deliveryId));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .as("created by the service itself: the broker does not auto-create topics")
                    .contains(Topics.NOTIFICATIONS.name(), DEAD_LETTERS);
        }
    }

    @Test
    void shouldRecordEachOutcomeOfAnAlertInTheAlertsTraceAndCountItInTheMetrics() throws Exception {
        String traceId = "5b8aa5a2d2c872e8321cf37308d69df2";
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        ProducerRecord<String, SosEvent> record = new ProducerRecord<>(Topics.ALERTS.name(), attack.key(), attack);
        record.headers()
                .add("traceparent", ("00-" + traceId + "-051581bf3cb55c13-01").getBytes(StandardCharsets.UTF_8));
        double sentBefore =
                metric("sos_notification_deliveries_total{channel=\"webhook\",final=\"true\",outcome=\"sent\"}");
        double timedBefore = metric("sos_notification_alert_to_delivery_seconds_count");

        producer.send(record).get(10, TimeUnit.SECONDS);

        List<ConsumerRecord<String, SosEvent>> outcomes = awaitOutcomesOf(attack, 3);
        assertThat(outcomes)
                .allSatisfy(outcome -> assertThat(outcome.headers().lastHeader("traceparent"))
                        .as("the outcome is in the alert's trace")
                        .isNotNull()
                        .satisfies(header -> assertThat(new String(header.value(), StandardCharsets.UTF_8))
                                .startsWith("00-" + traceId + "-")));
        assertThat(metric("sos_notification_deliveries_total{channel=\"webhook\",final=\"true\",outcome=\"sent\"}"))
                .as("three deliveries sent")
                .isGreaterThanOrEqualTo(sentBefore + 3);
        assertThat(metric("sos_notification_alert_to_delivery_seconds_count"))
                .as("the alert timed once, to its control room")
                .isEqualTo(timedBefore + 1);
    }

    /** The value of one series on /actuator/prometheus (0 when absent). */
    private double metric(String series) throws Exception {
        String body = get(HttpClient.newHttpClient(), "/actuator/prometheus").body();
        return body.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .sum();
    }

    @Test
    void shouldSendAConsulateOnlyItsOwnAlerts() throws Exception {
        AlertRaised japan = Alerts.raised("consulate-jp", AlertType.MEDICAL);

        publish(Topics.ALERTS.name(), japan);

        awaitOutcomesOf(japan, 2);
        assertThat(deliveriesOf(japan))
                .extracting(WebhookReceiver.Delivery::recipientId)
                .containsExactlyInAnyOrder("police-control-room", "consulate-jp-security");
    }

    @Test
    void shouldDeliverAnAssignmentToTheRecipientsOfItsAlertAndToTheControlRoomWhenTheAlertIsUnknown() throws Exception {
        AlertRaised germany = Alerts.raised("consulate-de", AlertType.SUSPICIOUS_ACTIVITY);
        UnitsAssigned assigned = Alerts.assigned(germany);
        UnitsAssigned forUnknownAlert = Alerts.assigned(UUID.randomUUID(), UUID.randomUUID());

        publish(Topics.ALERTS.name(), germany);
        awaitOutcomesOf(germany, 2);
        publish(Topics.ASSIGNMENTS.name(), assigned);
        publish(Topics.ASSIGNMENTS.name(), forUnknownAlert);

        awaitOutcomesOf(assigned, 2);
        assertThat(deliveriesOf(assigned))
                .allSatisfy(delivery -> {
                    assertThat(delivery.headers()).containsEntry("sos-event-type", "UnitsAssigned");
                    assertThat(EventJson.mapper()
                                    .readTree(delivery.body())
                                    .get("message")
                                    .asString())
                            .startsWith("Units assigned to SUSPICIOUS_ACTIVITY at Consulate General of Germany");
                })
                .extracting(WebhookReceiver.Delivery::recipientId)
                .containsExactlyInAnyOrder("police-control-room", "consulate-de-security");
        awaitOutcomesOf(forUnknownAlert, 1);
        assertThat(deliveriesOf(forUnknownAlert))
                .extracting(WebhookReceiver.Delivery::recipientId)
                .containsExactly("police-control-room");
    }

    @Test
    void shouldRetryARecipientThatAnswers503AndDeliverOnce() throws Exception {
        AlertRaised unlisted = Alerts.raised("consulate-fr", AlertType.OTHER);
        receiver.failNextMatching(2, body -> body.contains(unlisted.alertId().toString()));

        publish(Topics.ALERTS.name(), unlisted);

        List<ConsumerRecord<String, SosEvent>> outcomes = awaitOutcomesOf(unlisted, 1);
        assertThat(outcomes)
                .singleElement()
                .satisfies(record -> assertThat(record.value()).isInstanceOfSatisfying(NotificationSent.class, sent -> {
                    assertThat(sent.recipientId()).isEqualTo("police-control-room");
                    assertThat(sent.attempts()).isEqualTo(3);
                }));
        assertThat(attemptsOf(unlisted))
                .extracting(NotificationFailed::recipientId, NotificationFailed::attempts, NotificationFailed::reason)
                .containsExactlyInAnyOrder(
                        tuple("police-control-room", 1, "HTTP 503 from recipient"),
                        tuple("police-control-room", 2, "HTTP 503 from recipient"));
        assertThat(deliveriesOf(unlisted))
                .extracting(WebhookReceiver.Delivery::recipientId)
                .containsExactly("police-control-room");
    }

    @Test
    void shouldReportARecipientThatRefusesConnectionsAsFailedWhileTheOthersAreDelivered() throws Exception {
        AlertRaised fire = Alerts.raised("consulate-de", AlertType.FIRE);

        publish(Topics.ALERTS.name(), fire);

        Map<String, NotificationEvent> outcomes = awaitOutcomesOf(fire, 4).stream()
                .map(record -> (NotificationEvent) record.value())
                .collect(Collectors.toMap(NotificationEvent::recipientId, outcome -> outcome));
        assertThat(outcomes.get("fire-brigade-liaison")).isInstanceOfSatisfying(NotificationFailed.class, failed -> {
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.reason()).isEqualTo("I/O error: ConnectException");
            assertThat(failed.finalAttempt()).isTrue();
        });
        assertThat(attemptsOf(fire))
                .extracting(NotificationFailed::recipientId, NotificationFailed::attempts)
                .containsExactlyInAnyOrder(tuple("fire-brigade-liaison", 1), tuple("fire-brigade-liaison", 2));
        assertThat(deliveryDeadLetterOf(fire, "fire-brigade-liaison")
                        .get("outcome")
                        .get("attempts")
                        .asInt())
                .isEqualTo(3);
        assertThat(outcomes)
                .containsOnlyKeys(
                        "fire-brigade-liaison", "police-control-room", "rangers-ops-room", "consulate-de-security");
        assertThat(outcomes.values())
                .filteredOn(outcome -> !outcome.recipientId().equals("fire-brigade-liaison"))
                .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(NotificationSent.class));
        assertThat(deliveriesOf(fire))
                .extracting(WebhookReceiver.Delivery::recipientId)
                .containsExactlyInAnyOrder("police-control-room", "rangers-ops-room", "consulate-de-security");
    }

    @Test
    void shouldNeitherHoldUpTheOtherRecipientsNorTheNextAlertsForARecipientThatNeverAnswers() throws Exception {
        AlertRaised protest = Alerts.raised("consulate-de", AlertType.MOB_OR_PROTEST);
        AlertRaised next = Alerts.raised("consulate-jp", AlertType.MEDICAL);
        Instant published = Instant.now();

        // the same partition, one after the other: the next alert waits for nothing the first one is waiting for
        producer.send(new ProducerRecord<>(Topics.ALERTS.name(), 0, protest.key(), protest))
                .get(10, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>(Topics.ALERTS.name(), 0, next.key(), next))
                .get(10, TimeUnit.SECONDS);

        // every attempt to the hanging recipient takes the request time-out (3 s): all of these come before the first
        // of them has ended
        Duration requestTimeout = Duration.ofSeconds(3);
        await().atMost(requestTimeout).untilAsserted(() -> {
            assertThat(deliveriesOf(protest))
                    .extracting(WebhookReceiver.Delivery::recipientId)
                    .contains("police-control-room", "consulate-de-security");
            assertThat(deliveriesOf(next))
                    .extracting(WebhookReceiver.Delivery::recipientId)
                    .containsExactlyInAnyOrder("police-control-room", "consulate-jp-security");
        });
        assertThat(deliveriesOf(next))
                .allSatisfy(delivery -> assertThat(delivery.receivedAt()).isBefore(published.plus(requestTimeout)));

        // meanwhile the hanging recipient is tried 3 times (off the partition), each attempt on record, then given up
        Map<String, NotificationEvent> outcomes = awaitOutcomesOf(protest, 4).stream()
                .map(record -> (NotificationEvent) record.value())
                .collect(Collectors.toMap(NotificationEvent::recipientId, outcome -> outcome));
        assertThat(outcomes.get("hanging-liaison")).isInstanceOfSatisfying(NotificationFailed.class, failed -> {
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.reason()).isEqualTo("timed out");
            assertThat(failed.finalAttempt()).isTrue();
        });
        assertThat(outcomes.values())
                .filteredOn(outcome -> !outcome.recipientId().equals("hanging-liaison"))
                .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(NotificationSent.class));
        assertThat(attemptsOf(protest))
                .extracting(NotificationFailed::recipientId, NotificationFailed::attempts, NotificationFailed::reason)
                .containsExactlyInAnyOrder(
                        tuple("hanging-liaison", 1, "timed out"), tuple("hanging-liaison", 2, "timed out"));
        JsonNode letter = deliveryDeadLetterOf(protest, "hanging-liaison");
        assertThat(letter.get("outcome").get("reason").asString()).isEqualTo("timed out");
        assertThat(letter.get("subject").get("eventId").asString())
                .isEqualTo(protest.eventId().toString());
    }

    @Test
    void shouldTellTheConsulateAndTheControlRoomThatHelpIsOnTheWayAndHasArrivedAndThatTheAlertIsResolved()
            throws Exception {
        AlertRaised kidnapping = Alerts.raised("consulate-de", AlertType.KIDNAPPING);
        publish(Topics.ALERTS.name(), kidnapping);
        awaitOutcomesOf(kidnapping, 3);
        publish(Topics.ASSIGNMENTS.name(), Alerts.assigned(kidnapping));
        var enRoute = Alerts.unitChanged(kidnapping, "KHI-PL-CLF-01", "EN_ROUTE");
        var onScene = Alerts.unitChanged(kidnapping, "KHI-PL-CLF-01", "ON_SCENE");
        var resolved = Alerts.resolved(kidnapping);

        publish(Topics.ASSIGNMENTS.name(), enRoute);
        publish(Topics.ASSIGNMENTS.name(), onScene);
        publish(Topics.ASSIGNMENTS.name(), resolved);

        for (SosEvent update : List.of(enRoute, onScene, resolved)) {
            assertThat(awaitOutcomesOf(update, 2))
                    .extracting(record -> ((NotificationEvent) record.value()).recipientId())
                    .containsExactlyInAnyOrder("police-control-room", "consulate-de-security");
        }
        assertThat(deliveriesOf(enRoute))
                .allSatisfy(delivery -> assertThat(delivery.body())
                        .contains("Help is on the way: Clifton Mobile 1 (POLICE, ETA 1 min) is en route"));
        assertThat(deliveriesOf(onScene))
                .allSatisfy(delivery -> assertThat(delivery.body()).contains("Help has arrived: Clifton Mobile 1"));
        assertThat(deliveriesOf(resolved))
                .allSatisfy(
                        delivery -> assertThat(delivery.headers()).containsEntry("sos-event-type", "AlertResolved"));
    }

    @Test
    void shouldSendAPoisonRecordToTheDeadLetterTopicAndKeepConsuming() throws Exception {
        byte[] poison = "{\"eventType\":\"AlertRaised\",\"alertId\":".getBytes(StandardCharsets.UTF_8);
        byte[] wrongType = EventJson.toBytes(Alerts.assigned(Alerts.raised("consulate-de", AlertType.ARMED_ATTACK)));
        AlertRaised after = Alerts.raised("consulate-jp", AlertType.KIDNAPPING);

        rawProducer
                .send(new ProducerRecord<>(Topics.ALERTS.name(), "poison", poison))
                .get(10, TimeUnit.SECONDS);
        rawProducer
                .send(new ProducerRecord<>(Topics.ALERTS.name(), "wrong-type", wrongType))
                .get(10, TimeUnit.SECONDS);
        publish(Topics.ALERTS.name(), after);

        assertThat(awaitOutcomesOf(after, 3)).hasSize(3);
        try (KafkaConsumer<String, byte[]> deadLetters = new KafkaConsumer<>(
                consumerConfig("dead-letter-it-" + UUID.randomUUID()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            deadLetters.subscribe(List.of(DEAD_LETTERS));
            Map<String, byte[]> found = new java.util.HashMap<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (found.size() < 2 && System.nanoTime() < deadline) {
                deadLetters.poll(Duration.ofMillis(200)).forEach(record -> found.put(record.key(), record.value()));
            }
            assertThat(found).containsOnlyKeys("poison", "wrong-type");
            assertThat(found.get("poison")).isEqualTo(poison);
            assertThat(found.get("wrong-type")).isEqualTo(wrongType);
        }
    }

    @Test
    void shouldDeliverTheFollowUpsOfAnAlertAndNeverTellTheConsulateOfADuress() throws Exception {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        AlertRaised falseAlarm = Alerts.raised("consulate-de", AlertType.INTRUSION);
        publish(Topics.ALERTS.name(), attack);
        publish(Topics.ALERTS.name(), falseAlarm);
        awaitOutcomesOf(attack, 3);

        var repeat = Alerts.repeatPressed(attack);
        var moved = Alerts.moved(attack, sos.testsupport.Karachi.SADDAR);
        var duress = Alerts.duress(attack);
        var cancelled = Alerts.cancelled(falseAlarm);
        publish(Topics.ALERTS.name(), repeat);
        publish(Topics.ALERTS.name(), moved);
        publish(Topics.ALERTS.name(), duress);
        publish(Topics.ALERTS.name(), cancelled);

        assertThat(awaitOutcomesOf(repeat, 1)).hasSize(1);
        assertThat(awaitOutcomesOf(moved, 2)).hasSize(2);
        assertThat(awaitOutcomesOf(duress, 2)).hasSize(2);
        assertThat(awaitOutcomesOf(cancelled, 3)).hasSize(3);
        assertThat(deliveriesOf(duress))
                .extracting(WebhookReceiver.Delivery::recipientId)
                .containsExactlyInAnyOrder("police-control-room", "rangers-ops-room");
        List<WebhookReceiver.Delivery> toTheConsulate = receiver.deliveries().stream()
                .filter(delivery -> delivery.recipientId().equals("consulate-de-security")
                        && delivery.body().contains(attack.alertId().toString()))
                .toList();
        assertThat(toTheConsulate)
                .extracting(delivery -> delivery.headers().get("sos-event-type"))
                .containsExactlyInAnyOrder("AlertRaised", "AlertCancelled");
        assertThat(toTheConsulate)
                .allSatisfy(delivery -> assertThat(delivery.body()).doesNotContainIgnoringCase("duress"));
    }

    @Test
    void shouldStreamLiveFeedsToTheControlRoomAndToEachConsulateWithoutEverShowingTheConsulateADuress()
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.concurrent.BlockingQueue<String> controlRoom =
                subscribe(http, "/api/v1/feed/control-room", "it-feed-token");
        java.util.concurrent.BlockingQueue<String> germany =
                subscribe(http, "/api/v1/feed/consulates/consulate-de", "it-de-token");
        java.util.concurrent.BlockingQueue<String> japan =
                subscribe(http, "/api/v1/feed/consulates/consulate-jp", "it-jp-token");
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        publish(Topics.ALERTS.name(), attack);
        awaitOutcomesOf(attack, 3);
        var duress = Alerts.duress(attack);
        publish(Topics.ALERTS.name(), duress);
        awaitOutcomesOf(duress, 2);

        assertThat(awaitLine(controlRoom, "event:DuressSignalled")).isTrue();
        assertThat(awaitLine(germany, "event:AlertCancelled")).isTrue();
        assertThat(List.copyOf(controlRoom)).anySatisfy(line -> assertThat(line).isEqualTo("event:AlertRaised"));
        assertThat(List.copyOf(germany))
                .anySatisfy(line -> assertThat(line).isEqualTo("event:AlertRaised"))
                .noneSatisfy(line -> assertThat(line).containsIgnoringCase("duress"));
        assertThat(List.copyOf(japan))
                .noneSatisfy(line -> assertThat(line).contains(attack.alertId().toString()));

        HttpResponse<String> noToken = get(http, "/api/v1/feed/control-room");
        HttpResponse<String> otherConsulatesToken = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/feed/consulates/consulate-de"))
                        .header("Authorization", "Bearer it-jp-token")
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.body()).contains("https://sos.karachi.example/problems/unauthorized");
        assertThat(otherConsulatesToken.statusCode()).isEqualTo(401);
    }

    private java.util.concurrent.BlockingQueue<String> subscribe(HttpClient http, String path, String token)
            throws Exception {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpResponse<java.util.stream.Stream<String>> response = http.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        assertThat(awaitLine(lines, ":subscribed to"))
                .as("the subscription comment")
                .isTrue();
        return lines;
    }

    private static boolean awaitLine(java.util.concurrent.BlockingQueue<String> lines, String prefix)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (lines.stream().anyMatch(line -> line.startsWith(prefix))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void shouldTakeAcknowledgementsByLinkWebhookCallbackAndSmsReplyAndTellTheOthersWhoAcknowledged() throws Exception {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        publish(Topics.ALERTS.name(), attack);
        awaitOutcomesOf(attack, 3);
        HttpClient http = HttpClient.newHttpClient();
        String message = EventJson.mapper()
                .readTree(deliveriesOf(attack).stream()
                        .filter(d -> d.recipientId().equals("police-control-room"))
                        .findFirst()
                        .orElseThrow()
                        .body())
                .get("message")
                .asString();
        String link = message.substring(message.indexOf("http://127.0.0.1:8083") + "http://127.0.0.1:8083".length());

        HttpResponse<String> byLink = get(http, link);
        HttpResponse<String> forgedLink = get(http, link.substring(0, link.length() - 4) + "0000");
        UUID rangers = DeliveryIds.deliveryId(attack.eventId(), "rangers-ops-room", "webhook");
        HttpResponse<String> bySms = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sms/inbound"))
                        .header("Authorization", "Bearer it-sms-token")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"+923001112233\",\"text\":\"ack "
                                + sos.notification.domain.ack.AckCodes.code(rangers) + " on our way\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        UUID consulate = DeliveryIds.deliveryId(attack.eventId(), "consulate-de-security", "webhook");
        byte[] callback = ("{\"deliveryId\":\"" + consulate + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> byWebhook = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/acks"))
                        .header("Content-Type", "application/json")
                        .header(
                                RequestSignature.SIGNATURE_HEADER,
                                RequestSignature.sign(SECRET, Instant.now(), callback))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(callback))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(byLink.statusCode()).as(byLink.body()).isEqualTo(200);
        assertThat(forgedLink.statusCode()).isEqualTo(401);
        assertThat(bySms.body()).isEqualTo("{\"acknowledged\":true}");
        assertThat(byWebhook.statusCode()).as(byWebhook.body()).isEqualTo(200);
        List<sos.contracts.NotificationAcknowledged> acks = awaitOutcomesOf(attack, 6).stream()
                .map(ConsumerRecord::value)
                .filter(sos.contracts.NotificationAcknowledged.class::isInstance)
                .map(sos.contracts.NotificationAcknowledged.class::cast)
                .toList();
        assertThat(acks)
                .extracting(ack -> ack.recipientId() + "/" + ack.via())
                .containsExactlyInAnyOrder(
                        "police-control-room/LINK", "rangers-ops-room/SMS_REPLY", "consulate-de-security/WEBHOOK");
        assertThat(acks)
                .extracting(ack -> ack.recipientId() + "/" + ack.recipientKind())
                .containsExactlyInAnyOrder(
                        "police-control-room/CONTROL_ROOM",
                        "rangers-ops-room/RANGERS_OPS",
                        "consulate-de-security/CONSULATE");
        sos.contracts.NotificationAcknowledged policeAck = acks.stream()
                .filter(ack -> ack.via().equals("LINK"))
                .findFirst()
                .orElseThrow();
        awaitOutcomesOf(policeAck, 2);
        assertThat(deliveriesOf(policeAck))
                .extracting(WebhookReceiver.Delivery::recipientId)
                .containsExactlyInAnyOrder("rangers-ops-room", "consulate-de-security");
        assertThat(deliveriesOf(policeAck))
                .allSatisfy(
                        d -> assertThat(d.body()).contains("Acknowledged by Madadgar 15 police control room (LINK)"));
        assertThat(get(http, link).statusCode()).as("a second click").isEqualTo(200);
        assertThat(awaitOutcomesOf(policeAck, 2)).as("the others are told once").hasSize(2);
    }

    @Test
    void shouldEscalateToTheSupervisorWhenTheControlRoomDoesNotAcknowledgeWithinTheDeadline() throws Exception {
        AlertRaised attack = Alerts.raised("consulate-jp", AlertType.BOMB_THREAT);
        publish(Topics.ALERTS.name(), attack);
        awaitOutcomesOf(attack, 3);
        WebhookReceiver.Delivery toPolice = deliveriesOf(attack).stream()
                .filter(d -> d.recipientId().equals("police-control-room"))
                .findFirst()
                .orElseThrow();

        WebhookReceiver.Delivery escalation = receiver.await(
                d -> d.recipientId().equals("police-supervisor")
                        && d.body().contains(attack.alertId().toString()),
                Duration.ofSeconds(15));

        assertThat(escalation).isNotNull();
        assertThat(escalation.body())
                .contains("ESCALATION 1: Madadgar 15 police control room has not acknowledged within 3 s");
        assertThat(Duration.between(toPolice.receivedAt(), escalation.receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(2900))
                .isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void shouldServeItsRoutingReadinessAndProblemsOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> readiness = get(http, "/actuator/health/readiness");
        HttpResponse<String> recipient = get(http, "/api/v1/routing/recipients/consulate-de-security");
        HttpResponse<String> unknown = get(http, "/api/v1/routing/recipients/nobody");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");
        assertThat(recipient.statusCode()).isEqualTo(200);
        assertThat(recipient.body())
                .contains("\"consulateId\":\"consulate-de\"", "/hooks/consulate-de-security")
                .doesNotContain("it-webhook-secret");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(unknown.body())
                .contains("https://sos.karachi.example/problems/unknown-recipient")
                .doesNotContain("Exception");
    }

    private HttpResponse<String> get(HttpClient http, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void publish(String topic, SosEvent event) throws Exception {
        producer.send(new ProducerRecord<>(topic, event.key(), event)).get(10, TimeUnit.SECONDS);
    }

    /**
     * The outcome events of one subject event: waits until {@code expected} have come, then a moment longer so that
     * an unexpected extra one would show too.
     */
    private List<ConsumerRecord<String, SosEvent>> awaitOutcomesOf(SosEvent subject, int expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (outcomesOf(subject).size() < expected && System.nanoTime() < deadline) {
            notifications.poll(Duration.ofMillis(200)).forEach(seenNotifications::add);
        }
        long settle = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < settle) {
            notifications.poll(Duration.ofMillis(100)).forEach(seenNotifications::add);
        }
        List<ConsumerRecord<String, SosEvent>> outcomes = outcomesOf(subject);
        assertThat(outcomes).as("outcome events of %s", subject.eventType()).hasSize(expected);
        return outcomes;
    }

    /** Outcomes (sent, given up, acknowledged) of one subject event, without the events of single failed attempts. */
    private static List<ConsumerRecord<String, SosEvent>> outcomesOf(SosEvent subject) {
        return seenNotifications.stream()
                .filter(record -> record.value() instanceof NotificationEvent outcome
                        && outcome.subjectEventId().equals(subject.eventId())
                        && !(outcome instanceof NotificationFailed failed && !failed.isFinal()))
                .toList();
    }

    /** The events of the failed attempts of one subject event that were not the last. */
    private static List<NotificationFailed> attemptsOf(SosEvent subject) {
        return seenNotifications.stream()
                .map(ConsumerRecord::value)
                .filter(value -> value instanceof NotificationFailed failed
                        && failed.subjectEventId().equals(subject.eventId())
                        && !failed.isFinal())
                .map(NotificationFailed.class::cast)
                .toList();
    }

    /** The letter on the delivery dead-letter topic of the given-up delivery of {@code subject} to a recipient. */
    private JsonNode deliveryDeadLetterOf(SosEvent subject, String recipientId) {
        try (KafkaConsumer<String, byte[]> letters = new KafkaConsumer<>(
                consumerConfig("delivery-dlt-it-" + UUID.randomUUID()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            letters.subscribe(List.of("sos.dlt.notification-service.deliveries"));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : letters.poll(Duration.ofMillis(200))) {
                    JsonNode letter = EventJson.mapper().readTree(record.value());
                    if (letter.get("recipientId").asString().equals(recipientId)
                            && letter.get("subject")
                                    .get("eventId")
                                    .asString()
                                    .equals(subject.eventId().toString())) {
                        return letter;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + recipientId + " of " + subject.eventId());
    }

    private static List<WebhookReceiver.Delivery> deliveriesOf(SosEvent subject) {
        return receiver.deliveries().stream()
                .filter(delivery -> EventJson.mapper()
                        .readTree(delivery.body())
                        .get("event")
                        .get("eventId")
                        .asString()
                        .equals(subject.eventId().toString()))
                .toList();
    }

    private Map<String, Object> consumerConfig(String groupId) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                1000);
    }

    private String bootstrap() {
        return broker.getBrokersAsString();
    }

    private static WebhookReceiver startReceiver() {
        try {
            return WebhookReceiver.start(0, SECRET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerSocket hangingServer() {
        try {
            return new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port nothing listens on, so that connections to it are refused. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldNotBeReadyWithoutKafka(
            @Autowired HealthEndpointGroups groups, @Autowired HealthContributorRegistry health) {
        assertThat(groups.get("readiness").isMember("kafka")).isTrue();
        assertThat(health.getContributor("kafka")).isInstanceOf(KafkaHealthIndicator.class);
    }
}
