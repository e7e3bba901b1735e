package sos.ingest.domain.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRejected;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.RequestSignature;
import sos.contracts.Severity;
import sos.ingest.domain.Fixtures;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.alert.AlertValidator;
import sos.ingest.domain.alert.FieldError;
import sos.ingest.domain.auth.Authenticator;
import sos.ingest.domain.idempotency.IdempotencyStore;

/** The intake with fake collaborators: a parser for a tiny fixed vocabulary and in-memory publishers. */
class AlertIntakeTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:14:07Z");
    private static final String VALID = "valid";
    private static final String VALID_AT_CHANCERY = "valid-at-chancery";
    private static final String OUT_OF_RANGE = "out-of-range";
    private static final String BROKEN = "broken";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<AlertRaised> published = new ArrayList<>();
    private final List<AlertRejected> rejected = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private boolean brokerDown;

    private final AlertIntake intake = new AlertIntake(
            new Authenticator(Fixtures.registry(), Duration.ofSeconds(300)),
            AlertIntakeTest::parse,
            new AlertValidator(),
            alert -> {
                if (brokerDown) {
                    throw new PublishFailedException("down", new RuntimeException());
                }
                published.add(alert);
            },
            rejected::add,
            new IdempotencyStore<>(clock, Duration.ofHours(24), 100, Duration.ofSeconds(1)),
            new AcceptedAlerts(100),
            clock,
            () -> new UUID(0, ids.incrementAndGet()));

    @Test
    void shouldPublishAnAcceptedAlertEnrichedFromTheRegistry() {
        Answer answer = intake.raise(signed(VALID_AT_CHANCERY, null));

        assertThat(answer.result()).isInstanceOf(IntakeResult.Accepted.class);
        assertThat(published).hasSize(1);
        AlertRaised alert = published.get(0);
        assertThat(((IntakeResult.Accepted) answer.result()).alert()).isEqualTo(alert);
        assertThat(alert.consulateId()).isEqualTo("consulate-de");
        assertThat(alert.consulateName()).isEqualTo("Consulate General of Germany (demo)");
        assertThat(alert.premises()).isEqualTo("Chancery, Clifton Block 4");
        assertThat(alert.type()).isEqualTo(AlertType.ARMED_ATTACK);
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.location()).isEqualTo(new GeoPoint(24.8138, 67.03));
        assertThat(alert.occurredAt()).isEqualTo(NOW);
        assertThat(alert.eventId()).isNotEqualTo(alert.alertId());
        assertThat(rejected).isEmpty();
    }

    @Test
    void shouldWriteNothingForAnUnauthenticatedRequest() {
        Submission unsigned = new Submission("de-1", null, bytes(VALID), null);
        Submission badlySigned = new Submission(
                "de-1",
                RequestSignature.sign("nope".getBytes(StandardCharsets.UTF_8), NOW, bytes(BROKEN)),
                bytes(BROKEN),
                null);

        assertThat(status(intake.raise(unsigned))).isEqualTo(ProblemType.AUTHENTICATION_REQUIRED);
        assertThat(status(intake.raise(badlySigned))).isEqualTo(ProblemType.SIGNATURE_INVALID);
        assertThat(published).isEmpty();
        assertThat(rejected).isEmpty();
    }

    @Test
    void shouldRecordAnAuthenticatedRequestWithMalformedJsonAsRejected() {
        Answer answer = intake.raise(signed(BROKEN, null));

        assertThat(status(answer)).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(published).isEmpty();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.consulateId()).isEqualTo("consulate-de");
            assertThat(r.keyId()).isEqualTo("de-1");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.problemType()).isEqualTo("https://sos.karachi.example/problems/malformed-json");
            assertThat(r.detail()).isEqualTo("unexpected end of input");
        });
    }

    @Test
    void shouldRecordAnInvalidAlertAsRejectedWithEveryFieldError() {
        Answer answer = intake.raise(signed(OUT_OF_RANGE, null));

        IntakeResult.Refused refused = (IntakeResult.Refused) answer.result();
        assertThat(refused.problem()).isEqualTo(ProblemType.VALIDATION);
        assertThat(refused.errors()).containsExactly(new FieldError("location.lat", "must be within [-90, 90]"));
        assertThat(published).isEmpty();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.problemType()).isEqualTo("https://sos.karachi.example/problems/validation");
            assertThat(r.detail()).isEqualTo("location.lat: must be within [-90, 90]");
        });
    }

    @Test
    void shouldAnswerUnavailableAndNotAcceptWhenTheBrokerDoesNotAcknowledge() {
        brokerDown = true;

        Answer answer = intake.raise(signed(VALID, "key-1"));

        assertThat(status(answer)).isEqualTo(ProblemType.BROKER_UNAVAILABLE);
        assertThat(answer.result().status()).isEqualTo(503);
        assertThat(published).isEmpty();

        brokerDown = false;
        Answer retry = intake.raise(signed(VALID, "key-1"));
        assertThat(retry.result()).isInstanceOf(IntakeResult.Accepted.class);
        assertThat(retry.replayed()).isFalse();
        assertThat(published).hasSize(1);
    }

    @Test
    void shouldReplayAnAcceptedAlertForTheSameIdempotencyKeyWithoutPublishingAgain() {
        Answer first = intake.raise(signed(VALID, "key-1"));
        Answer second = intake.raise(signed(VALID, "key-1"));

        assertThat(second.replayed()).isTrue();
        assertThat(second.result()).isEqualTo(first.result());
        assertThat(published).hasSize(1);
    }

    @Test
    void shouldRefuseAnIdempotencyKeyReusedForAnotherBody() {
        intake.raise(signed(VALID, "key-1"));

        Answer conflict = intake.raise(signed(VALID_AT_CHANCERY, "key-1"));

        assertThat(status(conflict)).isEqualTo(ProblemType.IDEMPOTENCY_KEY_REUSED);
        assertThat(conflict.result().status()).isEqualTo(422);
        assertThat(published).hasSize(1);
        assertThat(rejected)
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(422));
    }

    @Test
    void shouldRefuseAnIdempotencyKeyThatIsTooLongOrNotPrintable() {
        assertThat(status(intake.raise(signed(VALID, "k".repeat(201))))).isEqualTo(ProblemType.IDEMPOTENCY_KEY_INVALID);
        assertThat(status(intake.raise(signed(VALID, "with space")))).isEqualTo(ProblemType.IDEMPOTENCY_KEY_INVALID);
        assertThat(intake.raise(signed(VALID, "k".repeat(200))).result()).isInstanceOf(IntakeResult.Accepted.class);
        assertThat(published).hasSize(1);
    }

    @Test
    void shouldTellAConsulateTheStatusOfItsOwnAlertOnly() {
        AlertRaised alert =
                ((IntakeResult.Accepted) intake.raise(signed(VALID, null)).result()).alert();
        String id = alert.alertId().toString();

        Answer own = intake.status("de-1", sign(Fixtures.SECRET, new byte[0]), id);
        Answer other = intake.status("jp-1", sign("another-secret", new byte[0]), id);
        Answer unknown = intake.status(
                "de-1", sign(Fixtures.SECRET, new byte[0]), UUID.randomUUID().toString());
        Answer garbage = intake.status("de-1", sign(Fixtures.SECRET, new byte[0]), "not-a-uuid");
        Answer unsigned = intake.status("de-1", null, id);

        assertThat(own.result()).isEqualTo(new IntakeResult.Found(alert));
        assertThat(status(other)).isEqualTo(ProblemType.ALERT_NOT_FOUND);
        assertThat(status(unknown)).isEqualTo(ProblemType.ALERT_NOT_FOUND);
        assertThat(status(garbage)).isEqualTo(ProblemType.ALERT_NOT_FOUND);
        assertThat(status(unsigned)).isEqualTo(ProblemType.AUTHENTICATION_REQUIRED);
    }

    private static Map<String, Object> parse(byte[] body) throws MalformedBodyException {
        return switch (new String(body, StandardCharsets.UTF_8)) {
            case VALID -> Map.of("type", "ARMED_ATTACK", "location", Map.of("lat", 24.8138, "lon", 67.03));
            case VALID_AT_CHANCERY ->
                Map.of(
                        "type",
                        "ARMED_ATTACK",
                        "location",
                        Map.of("lat", 24.8138, "lon", 67.03),
                        "premisesId",
                        "chancery");
            case OUT_OF_RANGE -> Map.of("type", "FIRE", "location", Map.of("lat", 91, "lon", 67.03));
            default -> throw new MalformedBodyException("unexpected end of input");
        };
    }

    private static Submission signed(String body, String idempotencyKey) {
        return new Submission("de-1", sign(Fixtures.SECRET, bytes(body)), bytes(body), idempotencyKey);
    }

    private static String sign(String secret, byte[] body) {
        return RequestSignature.sign(secret.getBytes(StandardCharsets.UTF_8), NOW, body);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ProblemType status(Answer answer) {
        assertThat(answer.result()).isInstanceOf(IntakeResult.Refused.class);
        return ((IntakeResult.Refused) answer.result()).problem();
    }
}
