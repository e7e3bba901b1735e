package sos.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Topics;
import sos.contracts.UnitStateChanged;
import sos.contracts.UnitsAssigned;
import tools.jackson.databind.JsonNode;

/**
 * The AVL gateway endpoint ({@code POST /api/v1/units/positions}) against a real (embedded KRaft) broker: a police
 * gateway's batches, what it may not do, and the positions reaching the state that selection uses.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sos.dispatch.ops-token=it-ops-token",
            "sos.dispatch.unit-token-secret=it-unit-secret",
            "sos.dispatch.gateways=police-avl=POLICE",
            "sos.dispatch.gateway-token-secret=it-gateway-secret",
            "server.shutdown=immediate",
            "logging.level.kafka=WARN",
            "logging.level.org.apache.kafka=WARN",
            "logging.level.state.change.logger=WARN"
        })
@EmbeddedKafka(
        partitions = 6,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0"})
class GatewayPositionsIT {

    private static final String OPS = "it-ops-token";
    private static final String POSITIONS = "/api/v1/units/positions";
    /** Derived like a unit's token: hex HMAC-SHA256 of the gateway id under the gateway secret. */
    private static final String POLICE_GATEWAY =
            new String(UnitTokens.derive(bytes("it-gateway-secret"), "police-avl"), StandardCharsets.UTF_8);

    @Autowired
    private EmbeddedKafkaBroker broker;

    @LocalServerPort
    private int port;

    private Broker topics;
    private Api api;

    @BeforeEach
    void createTheAlertsTopic() throws Exception {
        api = new Api(port);
        topics = new Broker(broker.getBrokersAsString());
        topics.createAlertsTopic();
    }

    @Test
    void shouldRefuseABatchWithoutAGatewaysCredentialAndMoveNothing() throws Exception {
        String body = batch(report("KHI-PL-CLF-01", 24.90, 67.05, Instant.now()));
        String otherGateway =
                new String(UnitTokens.derive(bytes("it-gateway-secret"), "rangers-avl"), StandardCharsets.UTF_8);
        String unitToken = new UnitTokens("it-unit-secret", "").tokenFor("KHI-PL-CLF-01");

        for (String token : new String[] {null, "wrong", otherGateway, unitToken}) {
            HttpResponse<String> answer = post(token, "application/json", body);
            assertThat(answer.statusCode()).as("token %s", token).isEqualTo(401);
            assertProblem(answer, "unauthorized");
            assertThat(answer.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        assertThat(json(get("/api/v1/units/KHI-PL-CLF-01"))
                        .path("position")
                        .path("lat")
                        .asDouble())
                .isNotEqualTo(24.90);
        // the gateway's token is not a unit's: it opens no other endpoint
        assertThat(post(
                                "/api/v1/units/KHI-PL-CLF-01/position",
                                POLICE_GATEWAY,
                                "application/json",
                                "{\"lat\":24.9,\"lon\":67}")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void shouldRefuseAMalformedEmptyOversizedOrNonJsonBatchWithAProblemDetail() throws Exception {
        Instant now = Instant.now();
        assertProblem(post(POLICE_GATEWAY, "application/json", "[{\"unitId\":"), 400, "bad-request");
        assertProblem(post(POLICE_GATEWAY, "application/json", "{\"unitId\":\"KHI-PL-CLF-01\"}"), 400, "bad-request");
        assertProblem(
                post(POLICE_GATEWAY, "application/json", "[{\"unitId\":\"KHI-PL-CLF-01\",\"lat\":\"north\"}]"),
                400,
                "bad-request");
        assertProblem(post(POLICE_GATEWAY, "application/json", "[]"), 400, "bad-request");
        assertProblem(
                post(POLICE_GATEWAY, "text/plain", batch(report("KHI-PL-CLF-01", 24.9, 67.0, now))),
                415,
                "unsupported-media-type");

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= GatewayController.MAX_REPORTS; i++) {
            tooMany.add(report("KHI-PL-CLF-01", 24.9, 67.0, now.plusMillis(i)));
        }
        assertProblem(
                post(POLICE_GATEWAY, "application/json", batch(tooMany.toArray(String[]::new))),
                413,
                "too-many-reports");

        String huge = "[" + report("KHI-PL-CLF-01", 24.9, 67.0, now) + " ".repeat(140_000) + "]";
        assertProblem(post(POLICE_GATEWAY, "application/json", huge), 413, "body-too-large");
        // without a Content-Length (chunked) the body is cut off at the bound all the same
        HttpResponse<String> chunked = send(
                HttpRequest.newBuilder(uri(POSITIONS))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))),
                POLICE_GATEWAY);
        assertProblem(chunked, 413, "body-too-large");
        assertThat(json(get("/api/v1/units/KHI-PL-CLF-01"))
                        .path("position")
                        .path("lat")
                        .asDouble())
                .isNotEqualTo(24.9);
    }

    @Test
    void shouldPublishEveryAcceptedReportAndRejectEachOtherWithItsReason() throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        GeoPoint rangersBefore = position(json(get("/api/v1/units/KHI-RG-QRF-01")));

        HttpResponse<String> answer = post(
                POLICE_GATEWAY,
                "application/json",
                batch(
                        "{\"unitId\":\"KHI-PL-CLF-02\",\"lat\":24.83,\"lon\":67.04,\"at\":\"" + at
                                + "\",\"headingDeg\":90,\"speedKmh\":35}",
                        report("KHI-PL-XXX-99", 24.83, 67.04, at),
                        report("KHI-RG-QRF-01", 24.83, 67.04, at),
                        report("KHI-PL-SDR-02", 124.83, 67.04, at),
                        report("KHI-PL-CLF-02", 24.80, 67.00, at.minusSeconds(10)),
                        "{\"lat\":24.83,\"lon\":67.04}",
                        "{\"unitId\":\"KHI-PL-SDR-02\",\"lat\":24.85,\"lon\":67.02,\"speedKmh\":-3}",
                        report("KHI-PL-SDR-03", 24.86, 67.03, at)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode result = json(answer);
        assertThat(result.path("accepted").asInt()).isEqualTo(2);
        assertThat(result.path("rejected").asInt()).isEqualTo(6);
        List<String> outcomes = new ArrayList<>();
        result.path("results")
                .forEach(r -> outcomes.add(r.path("index").asInt() + " "
                        + r.path("unitId").asString("-") + " "
                        + r.path("status").asString() + " " + r.path("reason").asString("")));
        assertThat(outcomes)
                .containsExactly(
                        "0 KHI-PL-CLF-02 accepted ",
                        "1 KHI-PL-XXX-99 rejected unknown-unit",
                        "2 KHI-RG-QRF-01 rejected out-of-scope",
                        "3 KHI-PL-SDR-02 rejected invalid-report",
                        "4 KHI-PL-CLF-02 rejected older-than-last-fix",
                        "5 - rejected invalid-report",
                        "6 KHI-PL-SDR-02 rejected invalid-report",
                        "7 KHI-PL-SDR-03 accepted ");
        assertThat(result.path("results").get(3).path("detail").asString()).contains("lat");
        assertThat(result.path("results").get(6).path("detail").asString()).contains("speedKmh");

        // answered only once published: the same record a unit's own report writes, on the compacted topic
        List<UnitStateChanged> published =
                Broker.ofType(topics.readAll(Topics.UNIT_STATE.name(), "KHI-PL-CLF-02"), UnitStateChanged.class);
        UnitStateChanged last = published.get(published.size() - 1);
        assertThat(last.position()).isEqualTo(new GeoPoint(24.83, 67.04));
        assertThat(last.positionAt()).isEqualTo(at);
        assertThat(last.headingDeg()).isEqualTo(90.0);
        assertThat(last.speedKmh()).isEqualTo(35.0);
        assertThat(last.reason()).isEqualTo("position report");
        assertThat(published).noneMatch(state -> new GeoPoint(24.80, 67.00).equals(state.position()));
        assertThat(Broker.ofType(topics.readAll(Topics.UNIT_STATE.name(), "KHI-PL-SDR-03"), UnitStateChanged.class))
                .anyMatch(state -> at.equals(state.positionAt()));
        assertThat(Broker.ofType(topics.readAll(Topics.UNIT_STATE.name(), "KHI-RG-QRF-01"), UnitStateChanged.class))
                .noneMatch(state -> at.equals(state.positionAt()));
        assertThat(position(json(get("/api/v1/units/KHI-RG-QRF-01")))).isEqualTo(rangersBefore);
        assertThat(position(json(get("/api/v1/units/KHI-PL-CLF-02")))).isEqualTo(new GeoPoint(24.83, 67.04));

        // the ops token opens the endpoint for every agency
        HttpResponse<String> ops = post(OPS, "application/json", batch(report("KHI-RG-QRF-01", 24.83, 67.04, at)));
        assertThat(json(ops).path("accepted").asInt()).as(ops.body()).isEqualTo(1);
    }

    @Test
    void shouldSendTheUnitAGatewayMovedToTheAlertItIsNowNearest() throws Exception {
        // Orangi Mobile 1 is some 20 km from the alert by its station; the gateway reports it at the alert's place
        GeoPoint alertAt = new GeoPoint(24.7990, 67.0650);
        HttpResponse<String> moved = post(
                POLICE_GATEWAY,
                "application/json",
                batch(report("KHI-PL-WST-01", alertAt.lat(), alertAt.lon(), Instant.now())));
        assertThat(json(moved).path("accepted").asInt()).as(moved.body()).isEqualTo(1);

        AlertRaised alert = Alerts.raised(AlertType.MEDICAL, alertAt, false);
        topics.publish(alert);

        UnitsAssigned decision = Broker.ofType(
                        topics.awaitEvents(
                                Topics.ASSIGNMENTS.name(),
                                alert.key(),
                                events -> !Broker.ofType(events, UnitsAssigned.class)
                                        .isEmpty()),
                        UnitsAssigned.class)
                .get(0);
        assertThat(decision.assignments()).singleElement().satisfies(assignment -> {
            assertThat(assignment.unitId()).isEqualTo("KHI-PL-WST-01");
            assertThat(assignment.distanceKm()).isLessThan(0.01);
        });
    }

    private static String report(String unitId, double lat, double lon, Instant at) {
        return "{\"unitId\":\"" + unitId + "\",\"lat\":" + lat + ",\"lon\":" + lon + ",\"at\":\"" + at + "\"}";
    }

    private static String batch(String... reports) {
        return "[" + String.join(",", reports) + "]";
    }

    private static GeoPoint position(JsonNode unit) {
        return new GeoPoint(
                unit.path("position").path("lat").asDouble(),
                unit.path("position").path("lon").asDouble());
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String type) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertProblem(answer, type);
    }

    private static void assertProblem(HttpResponse<String> answer, String type) {
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(answer).path("type").asString()).isEqualTo(ProblemHandler.TYPES + type);
    }

    private HttpResponse<String> post(String token, String contentType, String body) throws Exception {
        return post(POSITIONS, token, contentType, body);
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                token);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), OPS);
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

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
