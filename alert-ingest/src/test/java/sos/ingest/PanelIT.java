package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.Agency;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertRaised;
import sos.contracts.DuressSignalled;
import sos.contracts.EventJson;
import sos.contracts.GeoPoint;
import sos.contracts.SosEvent;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;
import tools.jackson.databind.JsonNode;

/**
 * The consulate panel's pages and API over real HTTP against a real (embedded KRaft) broker: sign-in with lockout,
 * the session cookie, CSRF, the security headers, and every action through the same door as the signed API.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sos.kafka.partitions=3",
            "SOS_INGEST_REPEAT_WINDOW=0s",
            "SOS_INGEST_PIN_HASH_ITERATIONS=10000",
            "SOS_DEMO_PIN=2468",
            "SOS_DEMO_DURESS_PIN=1357",
            "sos.ingest.panel.max-failures=3",
            "sos.ingest.panel.users[0].username=de-duty-officer",
            "sos.ingest.panel.users[0].consulate-id=consulate-de",
            "sos.ingest.panel.users[0].password=" + PanelIT.PASSWORD,
            "sos.ingest.panel.users[1].username=lock-me",
            "sos.ingest.panel.users[1].consulate-id=consulate-jp",
            "sos.ingest.panel.users[1].password=" + PanelIT.PASSWORD
        })
@EmbeddedKafka(
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelIT {

    static final String PASSWORD = "panel-it-password";
    private static final String ALERT =
            "{\"type\":\"INTRUSION\",\"premisesId\":\"chancery\",\"location\":{\"lat\":24.8138,\"lon\":67.03}}";

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    private final HttpClient http = HttpClient.newHttpClient();
    private AlertsTopic alerts;

    @BeforeAll
    void connect() {
        alerts = new AlertsTopic(bootstrap, Topics.ALERTS.name());
    }

    @AfterAll
    void disconnect() {
        alerts.close();
    }

    @Test
    void shouldServeThePanelWithAStrictContentSecurityPolicyAndNoFraming() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/panel")).GET(), null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("script-src 'self'", "frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).contains("sos-button").doesNotContain("<script>");
        assertThat(send(HttpRequest.newBuilder(uri("/panel/panel.js")).GET(), null)
                        .headers()
                        .firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    }

    @Test
    void shouldRefuseTheApiWithoutASessionAndAnyChangeWithoutTheCsrfToken() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(uri("/panel/api/session")).GET(), null), 401, "session-required");

        Session session = signIn("de-duty-officer", PASSWORD);
        assertThat(session.cookieHeader()).contains("HttpOnly", "SameSite=Strict", "Path=/panel");
        Map<org.apache.kafka.common.TopicPartition, Long> start = alerts.endOffsets();

        HttpResponse<String> forged = send(
                HttpRequest.newBuilder(uri("/panel/api/alerts"))
                        .header("Cookie", session.cookie())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ALERT)),
                null);

        assertProblem(forged, 403, "csrf-token-invalid");
        assertThat(alerts.since(start)).as("nothing raised").isEmpty();
        assertProblem(
                send(
                        HttpRequest.newBuilder(uri("/panel/api/alerts"))
                                .header("Cookie", session.cookie())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(ALERT)),
                        "not-the-token"),
                403,
                "csrf-token-invalid");
    }

    @Test
    void shouldRaiseThroughTheSameDoorAsTheSignedApiWithIdempotencyAndValidation() throws Exception {
        Session session = signIn("de-duty-officer", PASSWORD);
        Map<org.apache.kafka.common.TopicPartition, Long> start = alerts.endOffsets();
        String key = UUID.randomUUID().toString();

        HttpResponse<String> raised = post(session, "/panel/api/alerts", ALERT, key);
        HttpResponse<String> again = post(session, "/panel/api/alerts", ALERT, key);

        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(202);
        String alertId = json(raised).path("alertId").asString();
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(again).path("alertId").asString()).isEqualTo(alertId);
        assertThat(alerts.since(start))
                .singleElement()
                .satisfies(record -> assertThat(record.value()).isInstanceOfSatisfying(AlertRaised.class, alert -> {
                    assertThat(alert.alertId().toString()).isEqualTo(alertId);
                    assertThat(alert.consulateId()).isEqualTo("consulate-de");
                    assertThat(alert.premises()).isEqualTo("Chancery, Clifton Block 4");
                    assertThat(alert.district()).isEqualTo("South");
                }));

        Map<org.apache.kafka.common.TopicPartition, Long> before = alerts.endOffsets();
        assertProblem(
                post(
                        session,
                        "/panel/api/alerts",
                        "{\"type\":\"ALIENS\",\"location\":{\"lat\":24.8,\"lon\":67}}",
                        null),
                422,
                "validation");
        assertThat(alerts.since(before)).isEmpty();

        JsonNode status = json(get(session, "/panel/api/alerts/" + alertId));
        assertThat(status.path("stage").asString()).isEqualTo("ACCEPTED");
        assertThat(status.path("status").asString()).isEqualTo("OPEN");
    }

    @Test
    void shouldShowTheUnitsDispatchAssignedWithTheirEta() throws Exception {
        Session session = signIn("de-duty-officer", PASSWORD);
        String alertId = json(post(session, "/panel/api/alerts", ALERT, null))
                .path("alertId")
                .asString();
        publishAssignment(UUID.fromString(alertId));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = json(get(session, "/panel/api/alerts/" + alertId));
            assertThat(status.path("stage").asString()).isEqualTo("UNITS_ASSIGNED");
            JsonNode unit = status.path("units").get(0);
            assertThat(unit.path("callSign").asString()).isEqualTo("Clifton Mobile 1");
            assertThat(unit.path("etaSeconds").asInt()).isEqualTo(480);
            assertThat(unit.path("agency").asString()).isEqualTo("POLICE");
        });
    }

    @Test
    void shouldAnswerADuressCancelExactlyLikeAGenuineOneAndShowBothAsCancelled() throws Exception {
        Session session = signIn("de-duty-officer", PASSWORD);
        String duress = json(post(session, "/panel/api/alerts", ALERT, null))
                .path("alertId")
                .asString();
        String genuine = json(post(session, "/panel/api/alerts", ALERT, null))
                .path("alertId")
                .asString();
        Map<org.apache.kafka.common.TopicPartition, Long> start = alerts.endOffsets();

        HttpResponse<String> underDuress =
                post(session, "/panel/api/alerts/" + duress + "/cancel", "{\"pin\":\"1357\"}", null);
        HttpResponse<String> cancelled =
                post(session, "/panel/api/alerts/" + genuine + "/cancel", "{\"pin\":\"2468\"}", null);

        assertThat(underDuress.statusCode()).isEqualTo(cancelled.statusCode()).isEqualTo(202);
        assertThat(underDuress.body().replace(duress, "ID"))
                .isEqualTo(cancelled.body().replace(genuine, "ID"));
        assertThat(normalized(get(session, "/panel/api/alerts/" + duress).body().replace(duress, "ID")))
                .isEqualTo(normalized(
                        get(session, "/panel/api/alerts/" + genuine).body().replace(genuine, "ID")))
                .contains("\"stage\":\"CANCELLED\"", "\"units\":[]");
        List<SosEvent> written =
                alerts.since(start).stream().map(r -> r.value()).toList();
        assertThat(written).hasSize(2);
        assertThat(written).anySatisfy(e -> assertThat(e).isInstanceOf(DuressSignalled.class));
        assertThat(written).anySatisfy(e -> assertThat(e).isInstanceOf(AlertCancelled.class));
        assertProblem(
                post(session, "/panel/api/alerts/" + genuine + "/cancel", "{\"pin\":\"0000\"}", null),
                403,
                "pin-incorrect");
    }

    @Test
    void shouldLockAUsernameAfterTooManyWrongPasswordsEvenForTheRightOne() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertProblem(login("lock-me", "wrong-password-" + i), 401, "sign-in-failed");
        }
        assertProblem(login("nobody-here", "wrong-password"), 401, "sign-in-failed");

        HttpResponse<String> locked = login("lock-me", PASSWORD);

        assertProblem(locked, 429, "sign-in-locked");
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(locked.headers().firstValue("Set-Cookie")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private String normalized(String body) {
        return body.replaceAll("\"raisedAt\":\"[^\"]+\"", "\"raisedAt\":\"T\"");
    }

    private void publishAssignment(UUID alertId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get().contains(Topics.ASSIGNMENTS.name())) {
                admin.createTopics(List.of(new NewTopic(Topics.ASSIGNMENTS.name(), 3, (short) 1)))
                        .all()
                        .get();
            }
        }
        try (KafkaProducer<String, SosEvent> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new SosEventSerializer())) {
            UnitsAssigned assigned = new UnitsAssigned(
                    UUID.randomUUID(),
                    java.time.Instant.now(),
                    alertId,
                    UUID.randomUUID(),
                    1,
                    List.of(new UnitsAssigned.Assignment(
                            "KHI-PL-CLF-01",
                            "Clifton Mobile 1",
                            Agency.POLICE,
                            "PATROL_CAR",
                            "Boat Basin Police Station",
                            new GeoPoint(24.8175, 67.0282),
                            2.7,
                            480)));
            producer.send(new ProducerRecord<>(Topics.ASSIGNMENTS.name(), alertId.toString(), assigned))
                    .get();
        }
    }

    private record Session(String cookie, String cookieHeader, String csrfToken) {}

    private Session signIn(String username, String password) throws Exception {
        HttpResponse<String> response = login(username, password);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return new Session(
                header.substring(0, header.indexOf(';')),
                header,
                json(response).path("csrfToken").asString());
    }

    private HttpResponse<String> login(String username, String password) throws Exception {
        return send(
                HttpRequest.newBuilder(uri("/panel/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")),
                null);
    }

    private HttpResponse<String> post(Session session, String path, String body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Cookie", session.cookie())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request, session.csrfToken());
    }

    private HttpResponse<String> get(Session session, String path) throws Exception {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Cookie", session.cookie())
                        .GET(),
                null);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String csrfToken) throws Exception {
        if (csrfToken != null) {
            request.header("X-CSRF-Token", csrfToken);
        }
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asString()).endsWith("/problems/" + slug);
    }
}
