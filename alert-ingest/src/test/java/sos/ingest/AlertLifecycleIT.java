package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static sos.ingest.ProblemAssertions.assertProblem;
import static sos.ingest.ProblemAssertions.json;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AlertType;
import sos.contracts.DuressSignalled;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import tools.jackson.databind.JsonNode;

/**
 * The lifecycle of an alert over real HTTP against a real broker: repeat presses, location updates, cancel and duress,
 * status and open alerts, the view rebuilt by a freshly started instance, the service area and CAP 1.2.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "SOS_DEMO_KEY_SECRET=" + AlertLifecycleIT.SECRET,
            "SOS_DEMO_PIN=" + AlertLifecycleIT.PIN,
            "SOS_DEMO_DURESS_PIN=" + AlertLifecycleIT.DURESS_PIN,
            "SOS_INGEST_PIN_HASH_ITERATIONS=10000",
            "sos.kafka.partitions=3"
        })
@EmbeddedKafka(
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertLifecycleIT {

    static final String SECRET = "lifecycle-secret-0123";
    static final String PIN = "2580";
    static final String DURESS_PIN = "7531";
    private static final String ALERT = "{\"type\":\"INTRUSION\",\"location\":{\"lat\":24.8205,\"lon\":67.0342}}";

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    private SignedRequests germany;
    private SignedRequests japan;
    private AlertsTopic alerts;

    @BeforeAll
    void connect() {
        germany = new SignedRequests(port, "de-demo-1", SECRET);
        japan = germany.as("jp-demo-1", SECRET);
        alerts = new AlertsTopic(bootstrap, Topics.ALERTS.name());
    }

    @AfterAll
    void disconnect() {
        alerts.close();
    }

    /** Every test starts with no open alert: they are cancelled through the API itself. */
    @BeforeEach
    void cancelOpenAlerts() {
        for (SignedRequests consulate : List.of(germany, japan)) {
            for (JsonNode alert : json(consulate.send(consulate.get("/api/v1/alerts?status=open")))
                    .path("alerts")) {
                HttpResponse<String> cancelled = consulate.send(consulate.post(
                        "/api/v1/alerts/" + alert.path("alertId").asString() + "/cancel", "{\"pin\":\"" + PIN + "\"}"));
                assertThat(cancelled.statusCode()).isEqualTo(202);
            }
        }
    }

    /**
     * A resolution on dispatch's topic closes the alert: a later press of the consulate opens a new alert (and is
     * dispatched) instead of being attached to the resolved one, and the resolved alert takes no more positions.
     */
    @Test
    void shouldOpenANewAlertForAPressAfterTheControlRoomResolvedTheLastOne() throws Exception {
        HttpResponse<String> first = germany.send(germany.alert(ALERT));
        String resolvedId = json(first).path("alertId").asString();
        assertThat(first.statusCode()).isEqualTo(202);

        publishResolved(UUID.fromString(resolvedId));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ofMillis(200))
                .pollInterval(Duration.ofSeconds(1)) // the status endpoint is rate-limited per key
                .untilAsserted(() -> assertThat(json(germany.send(germany.get("/api/v1/alerts/" + resolvedId)))
                                .path("status")
                                .asString())
                        .isEqualTo("RESOLVED"));

        Map<TopicPartition, Long> start = alerts.endOffsets();
        HttpResponse<String> next = germany.send(germany.alert(ALERT.replace("INTRUSION", "ARMED_ATTACK")));
        assertThat(next.statusCode()).isEqualTo(202);
        assertThat(json(next).path("alertId").asString()).isNotEqualTo(resolvedId);
        assertThat(json(next).path("repeatPress").isMissingNode()
                        || !json(next).path("repeatPress").asBoolean())
                .isTrue();
        assertThat(alerts.eventsSince(start))
                .filteredOn(AlertRaised.class::isInstance)
                .extracting(SosEvent::key)
                .containsExactly(json(next).path("alertId").asString());

        assertProblem(
                germany.send(germany.post(
                        "/api/v1/alerts/" + resolvedId + "/locations",
                        "{\"location\":{\"lat\":24.8201,\"lon\":67.0355}}")),
                409,
                "alert-closed");
        assertProblem(
                germany.send(germany.post("/api/v1/alerts/" + resolvedId + "/cancel", "{\"pin\":\"" + PIN + "\"}")),
                409,
                "alert-closed");
        assertThat(json(germany.send(germany.get("/api/v1/alerts?status=open"))).path("alerts"))
                .extracting(alert -> alert.path("alertId").asString())
                .containsExactly(json(next).path("alertId").asString());
    }

    /** As dispatch-service writes it: dispatch owns the topic, so the test creates it when it is not there yet. */
    private void publishResolved(UUID alertId) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get().contains(Topics.ASSIGNMENTS.name())) {
                admin.createTopics(List.of(
                                new org.apache.kafka.clients.admin.NewTopic(Topics.ASSIGNMENTS.name(), 3, (short) 1)))
                        .all()
                        .get();
            }
        }
        try (org.apache.kafka.clients.producer.KafkaProducer<String, SosEvent> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(
                        Map.of(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new sos.contracts.SosEventSerializer())) {
            sos.contracts.AlertResolved resolved = new sos.contracts.AlertResolved(
                    UUID.randomUUID(),
                    java.time.Instant.now(),
                    alertId,
                    "control-room:test",
                    "handled on scene",
                    List.of());
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            Topics.ASSIGNMENTS.name(), resolved.key(), resolved))
                    .get();
        }
    }

    @Test
    void shouldAttachRepeatedPressesToTheOpenAlertAndNeverOpenASecondIncident() {
        Map<TopicPartition, Long> start = alerts.endOffsets();

        HttpResponse<String> first = japan.send(japan.alert(ALERT));
        HttpResponse<String> second = japan.send(japan.alert(ALERT.replace("INTRUSION", "ARMED_ATTACK")));
        HttpResponse<String> third = japan.send(japan.alert(ALERT));

        String alertId = json(first).path("alertId").asString();
        assertThat(List.of(first, second, third))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(202));
        assertThat(json(second).path("alertId").asString()).isEqualTo(alertId);
        assertThat(json(second).path("repeatPress").asBoolean()).isTrue();
        assertThat(json(third).path("pressCount").asInt()).isEqualTo(3);
        assertThat(second.headers().firstValue("Location")).hasValue("/api/v1/alerts/" + alertId);
        List<SosEvent> written = alerts.eventsSince(start);
        assertThat(written).filteredOn(AlertRaised.class::isInstance).hasSize(1);
        assertThat(written)
                .filteredOn(AlertRepeatPressed.class::isInstance)
                .extracting(e -> (AlertRepeatPressed) e)
                .allSatisfy(p -> assertThat(p.alertId()).isEqualTo(UUID.fromString(alertId)))
                .extracting(AlertRepeatPressed::pressCount, AlertRepeatPressed::type)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(2, AlertType.ARMED_ATTACK),
                        org.assertj.core.groups.Tuple.tuple(3, AlertType.INTRUSION));
        assertThat(json(japan.send(japan.get("/api/v1/alerts/" + alertId)))
                        .path("pressCount")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void shouldAttachConcurrentPressesToOneAlert() throws Exception {
        Map<TopicPartition, Long> start = alerts.endOffsets();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> presses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            presses.add(japan.client().sendAsync(japan.alert(ALERT).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> ids = new ArrayList<>();
        for (var press : presses) {
            HttpResponse<String> response = press.get();
            assertThat(response.statusCode()).isEqualTo(202);
            ids.add(json(response).path("alertId").asString());
        }

        assertThat(ids).containsOnly(ids.get(0));
        List<SosEvent> written = alerts.eventsSince(start);
        assertThat(written).filteredOn(AlertRaised.class::isInstance).hasSize(1);
        assertThat(written).filteredOn(AlertRepeatPressed.class::isInstance).hasSize(7);
    }

    @Test
    void shouldUpdateTheLocationOfAnOpenAlert() {
        String alertId = raise(germany);
        Map<TopicPartition, Long> start = alerts.endOffsets();

        HttpResponse<String> moved = germany.send(germany.post(
                "/api/v1/alerts/" + alertId + "/locations",
                "{\"location\":{\"lat\":24.8600,\"lon\":67.0100},\"accuracyMeters\":30}"));

        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(202);
        assertThat(json(moved).path("status").asString()).isEqualTo("LOCATION_UPDATED");
        assertThat(alerts.eventsSince(start)).singleElement().isInstanceOfSatisfying(AlertLocationUpdated.class, l -> {
            assertThat(l.alertId()).isEqualTo(UUID.fromString(alertId));
            assertThat(l.location()).isEqualTo(new GeoPoint(24.86, 67.01));
            assertThat(l.accuracyMeters()).isEqualTo(30.0);
        });
        JsonNode status = json(germany.send(germany.get("/api/v1/alerts/" + alertId)));
        assertThat(status.path("location").path("lat").asDouble()).isEqualTo(24.86);
    }

    @Test
    void shouldRefuseALocationOutsideTheServiceAreaAndAnotherConsulatesAlert() {
        String alertId = raise(germany);
        Map<TopicPartition, Long> start = alerts.endOffsets();

        HttpResponse<String> hyderabad = germany.send(germany.post(
                "/api/v1/alerts/" + alertId + "/locations", "{\"location\":{\"lat\":25.396,\"lon\":68.3578}}"));
        HttpResponse<String> byJapan = japan.send(
                japan.post("/api/v1/alerts/" + alertId + "/locations", "{\"location\":{\"lat\":24.86,\"lon\":67.01}}"));

        JsonNode problem = assertProblem(hyderabad, 422, "validation");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("location");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("Karachi division");
        assertProblem(byJapan, 404, "alert-not-found");
        assertThat(alerts.eventsSince(start)).isEmpty();
    }

    @Test
    void shouldRefuseANewAlertOutsideTheServiceAreaWithTheReason() {
        Map<TopicPartition, Long> start = alerts.endOffsets();

        HttpResponse<String> response =
                germany.send(germany.alert("{\"type\":\"FIRE\",\"location\":{\"lat\":25.396,\"lon\":68.3578}}"));

        JsonNode problem = assertProblem(response, 422, "validation");
        assertThat(problem.path("detail").asString()).contains("outside the service area (Karachi division)");
        assertThat(alerts.eventsSince(start)).isEmpty();
    }

    @Test
    void shouldCancelWithThePinAndAnswerADuressCancelIdentically() {
        String genuine = raise(germany);
        HttpResponse<String> cancelled = germany.send(germany.post(
                "/api/v1/alerts/" + genuine + "/cancel", "{\"pin\":\"" + PIN + "\",\"reason\":\"false alarm\"}"));
        String coerced = raise(germany);
        Map<TopicPartition, Long> start = alerts.endOffsets();
        HttpResponse<String> duress = germany.send(germany.post(
                "/api/v1/alerts/" + coerced + "/cancel",
                "{\"pin\":\"" + DURESS_PIN + "\",\"reason\":\"false alarm\"}"));

        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(duress.statusCode()).isEqualTo(202);
        assertThat(duress.body().replace(coerced, genuine)).isEqualTo(cancelled.body());
        assertThat(duress.headers().map().keySet())
                .isEqualTo(cancelled.headers().map().keySet());
        assertThat(alerts.eventsSince(start)).singleElement().isInstanceOfSatisfying(DuressSignalled.class, d -> {
            assertThat(d.alertId()).isEqualTo(UUID.fromString(coerced));
            assertThat(d.consulateId()).isEqualTo("consulate-de");
        });
        assertThat(json(germany.send(germany.get("/api/v1/alerts/" + coerced)))
                        .path("status")
                        .asString())
                .isEqualTo("CANCELLED");
        assertThat(json(germany.send(germany.get("/api/v1/alerts/" + genuine)))
                        .path("status")
                        .asString())
                .isEqualTo("CANCELLED");
        // The alert ids are random hex and may contain the PIN's digits by chance: look only at the rest.
        assertThat(cancelled.body().replace(genuine, "") + duress.body().replace(coerced, ""))
                .doesNotContain(PIN, DURESS_PIN);
    }

    @Test
    void shouldWriteAlertCancelledWithTheReasonForTheGenuinePin() {
        String alertId = raise(germany);
        Map<TopicPartition, Long> start = alerts.endOffsets();

        germany.send(germany.post(
                "/api/v1/alerts/" + alertId + "/cancel", "{\"pin\":\"" + PIN + "\",\"reason\":\"false alarm\"}"));

        assertThat(alerts.eventsSince(start))
                .singleElement()
                .isInstanceOfSatisfying(
                        AlertCancelled.class, c -> assertThat(c.reason()).isEqualTo("false alarm"));
    }

    @Test
    void shouldRefuseAWrongPinAndKeepTheAlertOpen() {
        String alertId = raise(germany);
        Map<TopicPartition, Long> start = alerts.endOffsets();

        HttpResponse<String> wrong =
                germany.send(germany.post("/api/v1/alerts/" + alertId + "/cancel", "{\"pin\":\"0000\"}"));

        assertProblem(wrong, 403, "pin-incorrect");
        assertThat(alerts.eventsSince(start)).isEmpty();
        assertThat(json(germany.send(germany.get("/api/v1/alerts/" + alertId)))
                        .path("status")
                        .asString())
                .isEqualTo("OPEN");
    }

    @Test
    void shouldListOnlyTheCallersOpenAlertsAndHideOtherConsulatesAlerts() {
        String own = raise(germany);
        String theirs = raise(japan);

        JsonNode list = json(germany.send(germany.get("/api/v1/alerts?status=open")));
        HttpResponse<String> foreign = germany.send(germany.get("/api/v1/alerts/" + theirs));
        HttpResponse<String> foreignCancel =
                germany.send(germany.post("/api/v1/alerts/" + theirs + "/cancel", "{\"pin\":\"" + PIN + "\"}"));

        List<String> ids = new ArrayList<>();
        list.path("alerts").forEach(a -> ids.add(a.path("alertId").asString()));
        assertThat(ids).containsExactly(own);
        assertProblem(foreign, 404, "alert-not-found");
        assertProblem(foreignCancel, 404, "alert-not-found");
    }

    @Test
    void shouldLetAFreshlyStartedInstanceRebuildTheViewFromTheTopic() throws Exception {
        String alertId = raise(germany);

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(AlertIngestApplication.class)
                .properties(
                        "spring.kafka.bootstrap-servers=" + bootstrap,
                        "SERVER_PORT=0",
                        "SOS_DEMO_KEY_SECRET=" + SECRET,
                        "SOS_INGEST_PIN_HASH_ITERATIONS=10000",
                        "SOS_KAFKA_PARTITIONS=3")
                .run()) {
            int otherPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            SignedRequests viaSecond = new SignedRequests(otherPort, "de-demo-1", SECRET);
            HttpResponse<String> status = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                status = viaSecond.send(viaSecond.get("/api/v1/alerts/" + alertId));
                if (status.statusCode() == 200) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
            assertThat(json(status).path("status").asString()).isEqualTo("OPEN");

            HttpResponse<String> press = viaSecond.send(viaSecond.alert(ALERT));
            assertThat(json(press).path("alertId").asString())
                    .as("a press on another instance joins the open alert")
                    .isEqualTo(alertId);
        }
    }

    @Test
    void shouldAcceptACapExerciseAsADrillAlert() {
        Map<TopicPartition, Long> start = alerts.endOffsets();

        HttpResponse<String> response = germany.send(germany.post(
                "/api/v1/alerts",
                "application/cap+xml",
                cap("consulate-de", "Exercise", "<circle>24.8138,67.03 0.05</circle>")
                        .getBytes(StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(alerts.eventsSince(start)).singleElement().isInstanceOfSatisfying(AlertRaised.class, a -> {
            assertThat(a.drill()).isTrue();
            assertThat(a.type()).isEqualTo(AlertType.BOMB_THREAT);
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.location()).isEqualTo(new GeoPoint(24.8138, 67.03));
            assertThat(a.accuracyMeters()).isEqualTo(50.0);
            assertThat(a.description()).isEqualTo("suspicious package at the gate");
        });
    }

    @Test
    void shouldRefuseCapFromAnotherSenderOrWithoutAreaNamingTheElement() {
        Map<TopicPartition, Long> start = alerts.endOffsets();

        HttpResponse<String> impostor = germany.send(germany.post(
                "/api/v1/alerts",
                "application/xml",
                cap("consulate-jp", "Actual", "<circle>24.8138,67.03 0.05</circle>")
                        .getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> noArea = germany.send(germany.post(
                "/api/v1/alerts",
                "application/cap+xml",
                cap("consulate-de", "Actual", "").getBytes(StandardCharsets.UTF_8)));

        assertThat(assertProblem(impostor, 422, "validation")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("alert/sender");
        assertThat(assertProblem(noArea, 422, "validation")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("alert/info/area");
        assertThat(alerts.eventsSince(start)).isEmpty();
    }

    @Test
    void shouldRefuseCapWithADoctypeSoNoEntityIsEverResolved() {
        Map<TopicPartition, Long> start = alerts.endOffsets();
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + cap("consulate-de", "Actual", "<circle>24.8138,67.03 0.05</circle>")
                        .replace("suspicious", "&x;");
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
                + "<lolz>&lol2;</lolz>";

        HttpResponse<String> external = germany.send(
                germany.post("/api/v1/alerts", "application/cap+xml", xxe.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> expansion = germany.send(
                germany.post("/api/v1/alerts", "application/cap+xml", bomb.getBytes(StandardCharsets.UTF_8)));

        assertThat(assertProblem(external, 400, "malformed-xml").path("detail").asString())
                .contains("DOCTYPE");
        assertProblem(expansion, 400, "malformed-xml");
        assertThat(external.body()).doesNotContain("root:");
        assertThat(alerts.eventsSince(start)).isEmpty();
    }

    static String cap(String sender, String status, String areaShape) {
        return "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"
                + "<identifier>" + UUID.randomUUID() + "</identifier>"
                + "<sender>" + sender + "</sender>"
                + "<sent>2026-11-25T09:14:07+05:00</sent>"
                + "<status>" + status + "</status><msgType>Alert</msgType><scope>Private</scope>"
                + "<info><category>Security</category><event>Bomb threat</event><urgency>Immediate</urgency>"
                + "<severity>Extreme</severity><certainty>Observed</certainty>"
                + "<description>suspicious package at the gate</description>"
                + (areaShape.isEmpty() ? "" : "<area><areaDesc>Chancery</areaDesc>" + areaShape + "</area>")
                + "</info></alert>";
    }

    private static String raise(SignedRequests consulate) {
        HttpResponse<String> response = consulate.send(consulate.alert(ALERT));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).path("repeatPress").asBoolean()).isFalse();
        return json(response).path("alertId").asString();
    }
}
