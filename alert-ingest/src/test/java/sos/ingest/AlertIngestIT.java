package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static sos.ingest.ProblemAssertions.assertProblem;
import static sos.ingest.ProblemAssertions.json;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRejected;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.testsupport.Karachi;
import tools.jackson.databind.JsonNode;

/** The real service over HTTP against a real (embedded KRaft) broker whose topics are created by the service. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "SOS_DEMO_KEY_SECRET=" + AlertIngestIT.SECRET,
            "sos.kafka.partitions=3",
            "SOS_INGEST_REPEAT_WINDOW=0s",
            "SOS_INGEST_PIN_HASH_ITERATIONS=10000"
        })
@EmbeddedKafka(
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertIngestIT {

    static final String SECRET = "it-secret-0123456789";
    private static final String ALERT = "{\"type\":\"ARMED_ATTACK\",\"location\":{\"lat\":24.8138,\"lon\":67.03},"
            + "\"accuracyMeters\":15,\"premisesId\":\"chancery\",\"description\":\"gunfire at the gate\","
            + "\"drill\":false}";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    private SignedRequests germany;
    private AlertsTopic alerts;
    private AlertsTopic rejections;

    @BeforeAll
    void connect() {
        germany = new SignedRequests(port, "de-demo-1", SECRET);
        alerts = new AlertsTopic(bootstrap, Topics.ALERTS.name());
        rejections = new AlertsTopic(bootstrap, Topics.ALERTS_REJECTED.name());
    }

    @AfterAll
    void disconnect() {
        alerts.close();
        rejections.close();
    }

    @Test
    void shouldAcceptASignedAlertAndWriteExactlyOneAlertRaisedWithTheRightFields() {
        Instant before = Instant.now();
        Map<TopicPartition, Long> start = endOffsets(Topics.ALERTS.name());

        HttpResponse<String> response = germany.send(germany.alert(ALERT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = json(response);
        String alertId = body.path("alertId").asString();
        assertThat(body.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/alerts/" + alertId);

        List<ConsumerRecord<String, SosEvent>> written = recordsSince(start);
        assertThat(written).hasSize(1);
        ConsumerRecord<String, SosEvent> record = written.get(0);
        assertThat(record.key()).isEqualTo(alertId);
        assertThat(record.value()).isInstanceOfSatisfying(AlertRaised.class, alert -> {
            assertThat(alert.alertId()).isEqualTo(UUID.fromString(alertId));
            assertThat(alert.eventId()).isNotNull().isNotEqualTo(alert.alertId());
            assertThat(alert.occurredAt()).isBetween(before, Instant.now());
            assertThat(alert.consulateId()).isEqualTo("consulate-de");
            assertThat(alert.consulateName()).isEqualTo("Consulate General of Germany (demo)");
            assertThat(alert.type()).isEqualTo(AlertType.ARMED_ATTACK);
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.location()).isEqualTo(Karachi.CLIFTON);
            assertThat(alert.district()).as("from the bundled district map").isEqualTo("South");
            assertThat(alert.accuracyMeters()).isEqualTo(15.0);
            assertThat(alert.premises()).isEqualTo("Chancery, Clifton Block 4");
            assertThat(alert.description()).isEqualTo("gunfire at the gate");
            assertThat(alert.drill()).isFalse();
        });
    }

    @Test
    void shouldUseTheSeverityTheConsulateSent() {
        Map<TopicPartition, Long> start = endOffsets(Topics.ALERTS.name());

        HttpResponse<String> response = germany.send(germany.alert(
                "{\"type\":\"SUSPICIOUS_ACTIVITY\",\"location\":{\"lat\":24.82,\"lon\":67.03},\"severity\":\"HIGH\","
                        + "\"drill\":true}"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(recordsSince(start)).singleElement().satisfies(record -> {
            AlertRaised alert = (AlertRaised) record.value();
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.drill()).isTrue();
            assertThat(alert.premises()).isNull();
            assertThat(alert.location()).isEqualTo(new GeoPoint(24.82, 67.03));
        });
    }

    @Test
    void shouldRefuseMalformedJsonNamingTheProblem() {
        HttpResponse<String> response = withoutAlertRaised(() -> germany.send(germany.alert("{\"type\":\"FIRE\",")));

        JsonNode problem = assertProblem(response, 400, "malformed-json");
        assertThat(problem.path("detail").asString()).startsWith("The body is not valid JSON at line 1, column");
    }

    @Test
    void shouldRefuseMissingFieldsListingEachOne() {
        HttpResponse<String> response = withoutAlertRaised(() -> germany.send(germany.alert("{\"drill\":true}")));

        JsonNode problem = assertProblem(response, 422, "validation");
        assertThat(fields(problem)).containsExactly("type", "location");
        assertThat(problem.path("errors").get(0).path("message").asString()).startsWith("is required");
    }

    @Test
    void shouldRefuseAnUnknownTypeAndUnknownPremises() {
        HttpResponse<String> response = withoutAlertRaised(() -> germany.send(germany.alert(
                "{\"type\":\"ALIENS\",\"location\":{\"lat\":24.8,\"lon\":67.0},\"premisesId\":\"embassy\"}")));

        assertThat(fields(assertProblem(response, 422, "validation"))).containsExactly("type", "premisesId");
    }

    @Test
    void shouldRefuseCoordinatesOutOfRange() {
        HttpResponse<String> response = withoutAlertRaised(
                () -> germany.send(germany.alert("{\"type\":\"FIRE\",\"location\":{\"lat\":91,\"lon\":-181}}")));

        JsonNode problem = assertProblem(response, 422, "validation");
        assertThat(fields(problem)).containsExactly("location.lat", "location.lon");
        assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo("must be within [-90, 90]");
    }

    @Test
    void shouldRefuseADescriptionLongerThan2000Characters() {
        String json = "{\"type\":\"FIRE\",\"location\":{\"lat\":24.8,\"lon\":67.0},\"description\":\""
                + "x".repeat(2001) + "\"}";

        HttpResponse<String> response = withoutAlertRaised(() -> germany.send(germany.alert(json)));

        assertThat(fields(assertProblem(response, 422, "validation"))).containsExactly("description");
    }

    @Test
    void shouldRefuseADescriptionWithANulCharacterThatPostgresqlCannotStore() {
        String json = "{\"type\":\"FIRE\",\"location\":{\"lat\":24.8,\"lon\":67.0},\"description\":\"gate\\u0000\"}";

        HttpResponse<String> response = withoutAlertRaised(() -> germany.send(germany.alert(json)));

        assertThat(fields(assertProblem(response, 422, "validation"))).containsExactly("description");
    }

    @Test
    void shouldRefuseAStaleSignature() {
        byte[] body = ALERT.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> old = withoutAlertRaised(
                () -> germany.send(germany.alert(body, Instant.now().minusSeconds(301))));
        HttpResponse<String> future = withoutAlertRaised(
                () -> germany.send(germany.alert(body, Instant.now().plusSeconds(400))));

        assertProblem(old, 401, "signature-stale");
        assertProblem(future, 401, "signature-stale");
        assertThat(old.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void shouldRefuseABadSignatureAndAnUnknownKeyAlike() {
        HttpResponse<String> wrongSecret = withoutAlertRaised(
                () -> germany.send(germany.as("de-demo-1", "not-the-secret").alert(ALERT)));
        HttpResponse<String> unknownKey = withoutAlertRaised(
                () -> germany.send(germany.as("xx-demo-1", SECRET).alert(ALERT)));
        HttpResponse<String> tampered = withoutAlertRaised(() -> germany.send(
                germany.alert(ALERT).POST(HttpRequest.BodyPublishers.ofString(ALERT.replace("false", "true ")))));

        JsonNode bad = assertProblem(wrongSecret, 401, "signature-invalid");
        JsonNode unknown = assertProblem(unknownKey, 401, "signature-invalid");
        assertProblem(tampered, 401, "signature-invalid");
        assertThat(unknown.path("detail")).isEqualTo(bad.path("detail"));
        assertThat(wrongSecret.body()).doesNotContain(SECRET, "not-the-secret");
    }

    @Test
    void shouldRefuseARevokedKeyAtOnceEvenWithTheRightSecret() {
        HttpResponse<String> revoked = withoutAlertRaised(
                () -> germany.send(germany.as("de-demo-0", SECRET).alert(ALERT)));

        assertProblem(revoked, 401, "signature-invalid");
    }

    @Test
    void shouldAskForASignatureWhenTheHeadersAreMissing() {
        HttpResponse<String> response = withoutAlertRaised(() -> germany.send(germany.unsigned("/api/v1/alerts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ALERT))));

        assertProblem(response, 401, "authentication-required");
    }

    @Test
    void shouldRefuseAnOversizedBodyBeforeAnythingElse() {
        String padded =
                "{\"type\":\"FIRE\",\"location\":{\"lat\":24.8,\"lon\":67.0},\"pad\":\"" + "x".repeat(17_000) + "\"}";
        byte[] body = padded.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = withoutAlertRaised(() -> germany.send(germany.unsigned("/api/v1/alerts")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
        HttpResponse<String> chunked = withoutAlertRaised(() -> germany.send(germany.chunkedAlert(body)));

        assertProblem(declared, 413, "payload-too-large");
        assertProblem(chunked, 413, "payload-too-large");
    }

    @Test
    void shouldRefuseAnotherMediaTypeBeforeAuthentication() {
        HttpResponse<String> signedText =
                withoutAlertRaised(() -> germany.send(germany.alert(ALERT).setHeader("Content-Type", "text/plain")));
        HttpResponse<String> unsignedForm = withoutAlertRaised(() -> germany.send(germany.unsigned("/api/v1/alerts")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("type=FIRE"))));

        assertProblem(signedText, 415, "unsupported-media-type");
        assertProblem(unsignedForm, 415, "unsupported-media-type");
    }

    @Test
    void shouldRecordAnAuthenticatedButInvalidAlertOnTheRejectedTopicAndNothingForUnauthenticatedOnes() {
        SignedRequests japan = germany.as("jp-demo-1", SECRET);
        Map<TopicPartition, Long> start = endOffsets(Topics.ALERTS_REJECTED.name());

        assertProblem(germany.send(germany.as("xx-unknown", SECRET).alert("{}")), 401, "signature-invalid");
        assertProblem(
                japan.send(japan.alert("{\"type\":\"FIRE\",\"location\":{\"lat\":-95,\"lon\":67.0}}")),
                422,
                "validation");

        AlertRejected rejected = awaitRecord(
                start,
                record -> record.value() instanceof AlertRejected r
                        && r.consulateId().equals("consulate-jp"));
        assertThat(rejected.keyId()).isEqualTo("jp-demo-1");
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.problemType()).isEqualTo("https://sos.karachi.example/problems/validation");
        assertThat(rejected.detail()).isEqualTo("location.lat: must be within [-90, 90]");
        assertThat(recordsSince(start))
                .noneMatch(record -> "xx-unknown".equals(((AlertRejected) record.value()).keyId()));
    }

    @Test
    void shouldReplayTheSameAnswerForARetryWithTheSameIdempotencyKey() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<TopicPartition, Long> start = endOffsets(Topics.ALERTS.name());

        HttpResponse<String> first = germany.send(germany.alert(ALERT).header("Idempotency-Key", key));
        Thread.sleep(1100); // a retry is signed again, with a later timestamp
        HttpResponse<String> retry = germany.send(germany.alert(ALERT).header("Idempotency-Key", key));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(recordsSince(start)).hasSize(1);
    }

    @Test
    void shouldRefuseAnIdempotencyKeyReusedForAnotherAlert() {
        String key = UUID.randomUUID().toString();
        Map<TopicPartition, Long> start = endOffsets(Topics.ALERTS.name());

        HttpResponse<String> first = germany.send(germany.alert(ALERT).header("Idempotency-Key", key));
        HttpResponse<String> other = germany.send(
                germany.alert(ALERT.replace("ARMED_ATTACK", "FIRE")).header("Idempotency-Key", key));

        assertThat(first.statusCode()).isEqualTo(202);
        assertProblem(other, 422, "idempotency-key-reused");
        assertThat(recordsSince(start)).hasSize(1);
    }

    @Test
    void shouldWriteOneAlertForConcurrentDuplicates() {
        String key = UUID.randomUUID().toString();
        Map<TopicPartition, Long> start = endOffsets(Topics.ALERTS.name());

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HttpRequest request =
                    germany.alert(ALERT).header("Idempotency-Key", key).build();
            responses.add(germany.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers =
                responses.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(202);
        assertThat(answers.stream().map(HttpResponse::body).collect(Collectors.toSet()))
                .hasSize(1);
        assertThat(recordsSince(start)).hasSize(1);
    }

    @Test
    void shouldTellAConsulateTheStatusOfItsOwnAlertOnly() {
        HttpResponse<String> raised = germany.send(germany.alert(ALERT));
        String location = raised.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> own = germany.send(germany.get(location));
        HttpResponse<String> other =
                germany.send(germany.as("tr-demo-1", SECRET).get(location));
        HttpResponse<String> unsigned = germany.send(germany.unsigned(location).GET());

        assertThat(own.statusCode()).isEqualTo(200);
        JsonNode status = json(own);
        assertThat(status.path("alertId").asString())
                .isEqualTo(json(raised).path("alertId").asString());
        assertThat(status.path("status").asString()).isEqualTo("OPEN");
        assertThat(status.path("type").asString()).isEqualTo("ARMED_ATTACK");
        assertThat(status.path("severity").asString()).isEqualTo("CRITICAL");
        assertThat(Instant.parse(status.path("occurredAt").asString())).isBefore(Instant.now());
        assertProblem(other, 404, "alert-not-found");
        assertProblem(unsigned, 401, "authentication-required");
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsWithProblems() {
        assertProblem(germany.send(germany.get("/api/v2/alerts")), 404, "not-found");
        assertProblem(germany.send(germany.unsigned("/").GET()), 404, "not-found");
        assertProblem(germany.send(germany.unsigned("/api/v1/alerts").DELETE()), 405, "method-not-allowed");
    }

    @Test
    void shouldPublishAcceptedRejectedAndLatencyMetricsForPrometheus() {
        germany.send(germany.alert(ALERT));
        germany.send(germany.alert("{\"type\":\"ALIENS\",\"location\":{\"lat\":24.8,\"lon\":67.0}}"));

        HttpResponse<String> metrics =
                germany.send(germany.unsigned("/actuator/prometheus").GET());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("sos_ingest_accepted_total{event=\"AlertRaised\"")
                .contains("sos_ingest_rejected_total{reason=\"validation\",status=\"422\"")
                .contains("sos_ingest_post_seconds_bucket{endpoint=\"alerts\"");
    }

    @Test
    void shouldServeTheOpenApiDocumentAndSwaggerUi() {
        HttpResponse<String> docs =
                germany.send(germany.unsigned("/v3/api-docs").GET());
        HttpResponse<String> ui =
                germany.send(germany.unsigned("/swagger-ui/index.html").GET());

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(json(docs).path("paths").has("/api/v1/alerts/{alertId}/cancel"))
                .isTrue();
        assertThat(json(docs).path("paths").has("/api/v1/alerts/{alertId}/locations"))
                .isTrue();
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
    }

    @Test
    void shouldReportReadinessForTheLocalStack() {
        HttpResponse<String> response =
                germany.send(germany.unsigned("/actuator/health/readiness").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("status").asString()).isEqualTo("UP");
    }

    private <T> T withoutAlertRaised(java.util.function.Supplier<T> action) {
        Map<TopicPartition, Long> start = endOffsets(Topics.ALERTS.name());
        T result = action.get();
        assertThat(endOffsets(Topics.ALERTS.name()))
                .as("no AlertRaised written")
                .isEqualTo(start);
        return result;
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }

    private AlertsTopic topic(String name) {
        return name.equals(Topics.ALERTS.name()) ? alerts : rejections;
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        return topic(topic).endOffsets();
    }

    /** Every record written since {@code start}, up to the end offsets of now. */
    private List<ConsumerRecord<String, SosEvent>> recordsSince(Map<TopicPartition, Long> start) {
        return topic(start.keySet().iterator().next().topic()).since(start);
    }

    private AlertRejected awaitRecord(
            Map<TopicPartition, Long> start, java.util.function.Predicate<ConsumerRecord<String, SosEvent>> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, SosEvent> record : recordsSince(start)) {
                if (match.test(record)) {
                    return (AlertRejected) record.value();
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no matching record within " + WAIT);
    }
}
