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
import sos.contracts.AlertCancelled;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRejected;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AlertType;
import sos.contracts.DuressSignalled;
import sos.contracts.GeoPoint;
import sos.contracts.RequestSignature;
import sos.contracts.Severity;
import sos.ingest.domain.Fixtures;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.alert.AlertValidator;
import sos.ingest.domain.alert.FieldError;
import sos.ingest.domain.auth.Authenticator;
import sos.ingest.domain.idempotency.IdempotencyStore;
import sos.ingest.domain.lifecycle.AlertBook;

/** The intake with fake collaborators: a parser for a tiny fixed vocabulary and in-memory publishers. */
class AlertIntakeTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:14:07Z");
    private static final String VALID = "valid";
    private static final String VALID_AT_CHANCERY = "valid-at-chancery";
    private static final String OUT_OF_RANGE = "out-of-range";
    private static final String BROKEN = "broken";
    private static final String MOVED = "moved";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<AlertLifecycleEvent> published = new ArrayList<>();
    private final List<Provenance> provenances = new ArrayList<>();
    private final AlertBook book = new AlertBook(100);
    private final List<AlertRejected> rejected = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private boolean brokerDown;
    /** The broker writes the event but its acknowledgement comes too late (a leader failing over). */
    private boolean brokerLate;

    private final AlertIntake intake = new AlertIntake(
                    new Authenticator(Fixtures.registry(), Duration.ofSeconds(300)),
                    AlertIntakeTest::parse,
                    null,
                    new AlertValidator(),
                    (event, provenance) -> {
                        if (brokerDown) {
                            throw new PublishFailedException("down", new RuntimeException());
                        }
                        published.add(event);
                        provenances.add(provenance);
                        if (brokerLate) {
                            return () -> {
                                throw new PublishFailedException("no acknowledgement in time", new RuntimeException());
                            };
                        }
                        return AlertPublisher.Receipt.confirmed();
                    },
                    rejected::add,
                    new IdempotencyStore<>(clock, Duration.ofHours(24), 100, Duration.ofSeconds(1)),
                    book,
                    Duration.ofMinutes(30),
                    clock,
                    () -> new UUID(0, ids.incrementAndGet()))
            .withPinLockout(new RateLimiter(clock, 3, Duration.ofMinutes(15)));

    @Test
    void shouldPublishAnAcceptedAlertEnrichedFromTheRegistry() {
        Answer answer = intake.raise(signed(VALID_AT_CHANCERY, null));

        assertThat(answer.result()).isInstanceOf(IntakeResult.Accepted.class);
        assertThat(published).hasSize(1);
        AlertRaised alert = (AlertRaised) published.get(0);
        assertThat(((IntakeResult.Accepted) answer.result()).event()).isEqualTo(alert);
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
    void shouldWriteTheSameEventAgainNotASecondIncidentWhenARequestWhoseAcknowledgementCameTooLateIsRetried() {
        brokerLate = true;
        Answer first = intake.raise(signed(VALID, "key-late"));
        assertThat(status(first)).isEqualTo(ProblemType.BROKER_UNAVAILABLE);

        brokerLate = false;
        Answer retry = intake.raise(signed(VALID, "key-late"));

        assertThat(retry.result()).isInstanceOf(IntakeResult.Accepted.class);
        assertThat(published).hasSize(2);
        AlertRaised written = (AlertRaised) published.get(0);
        AlertRaised again = (AlertRaised) published.get(1);
        assertThat(again.alertId())
                .as("the retry names the alert the late write named")
                .isEqualTo(written.alertId())
                .isEqualTo(((IntakeResult.Accepted) retry.result()).alertId());
        assertThat(again.eventId()).as("readers drop it as a duplicate").isEqualTo(written.eventId());
        assertThat(again.eventId()).isNotEqualTo(again.alertId());

        // a press with another key is another press (here attached to the open alert), with its own event id
        Answer other = intake.raise(signed(VALID, "key-other"));
        assertThat(published.get(2)).isInstanceOf(AlertRepeatPressed.class);
        assertThat(published.get(2).eventId()).isNotEqualTo(written.eventId());
        assertThat(((IntakeResult.Accepted) other.result()).alertId()).isEqualTo(written.alertId());
    }

    @Test
    void shouldNameTheSameIdsOnlyForTheSameConsulateKeyBodyAndDay() {
        Provenance request = new Provenance("consulate-de", "key-1", AlertIntake.sha256(bytes(VALID)));
        UUID id = AlertIntake.namedId("alert", request, NOW);

        assertThat(AlertIntake.namedId("alert", request, NOW.plusSeconds(60))).isEqualTo(id);
        assertThat(AlertIntake.namedId("AlertRaised", request, NOW)).isNotEqualTo(id);
        assertThat(AlertIntake.namedId("alert", request, NOW.plus(Duration.ofDays(1))))
                .as("a key reused another day")
                .isNotEqualTo(id);
        assertThat(AlertIntake.namedId(
                        "alert", new Provenance("consulate-jp", "key-1", AlertIntake.sha256(bytes(VALID))), NOW))
                .isNotEqualTo(id);
        assertThat(AlertIntake.namedId(
                        "alert",
                        new Provenance("consulate-de", "key-1", AlertIntake.sha256(bytes(VALID_AT_CHANCERY))),
                        NOW))
                .isNotEqualTo(id);
    }

    @Test
    void shouldOpenANewIncidentWithNewIdsWhenAForgottenKeyComesBackForAnAlertStillKnown() {
        Provenance request = new Provenance("consulate-de", "key-evicted", AlertIntake.sha256(bytes(VALID)));
        UUID earlier = AlertIntake.namedId("alert", request, NOW);
        book.apply(raisedElsewhere(earlier, NOW.minusSeconds(600)));
        book.apply(new AlertCancelled(UUID.randomUUID(), NOW.minusSeconds(500), earlier, "consulate-de", null, false));

        Answer again = intake.raise(signed(VALID, "key-evicted"));

        assertThat(((IntakeResult.Accepted) again.result()).alertId()).isNotEqualTo(earlier);
        assertThat(published.get(0).alertId()).isEqualTo(new UUID(0, 2));
    }

    @Test
    void shouldGiveAnAlertWithoutIdempotencyKeyNewIds() {
        intake.raise(signed(VALID, null));

        assertThat(published.get(0).eventId()).isEqualTo(new UUID(0, 1));
        assertThat(published.get(0).alertId()).isEqualTo(new UUID(0, 2));
    }

    @Test
    void shouldRefuseANewAlertWithoutPublishingUntilTheViewOfStoredAlertsIsReadBack() {
        intake.awaitingView(Duration.ofMillis(20));

        Answer early = intake.raise(signed(VALID, "key-1"));

        assertThat(status(early)).isEqualTo(ProblemType.BROKER_UNAVAILABLE);
        assertThat(((IntakeResult.Refused) early.result()).detail()).contains("has not yet read back");
        assertThat(published).isEmpty();

        intake.viewRead();
        Answer retry = intake.raise(signed(VALID, "key-1"));
        assertThat(retry.result()).isInstanceOf(IntakeResult.Accepted.class);
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
    void shouldStoreTheConsulateTheIdempotencyKeyAndTheBodyHashWithTheEventButNeverTheBody() {
        intake.raise(signed(VALID, "key-1"));
        intake.raise(signed(VALID, null));

        assertThat(provenances).hasSize(2);
        assertThat(provenances.get(0))
                .isEqualTo(new Provenance("consulate-de", "key-1", AlertIntake.sha256(bytes(VALID))));
        assertThat(provenances.get(1))
                .as("no Idempotency-Key, nothing to carry")
                .isNull();
    }

    @Test
    void shouldReplayForAKeyThatAnotherInstanceStoredAndRefuseItForAnotherBody() {
        AlertRaised elsewhere = raisedElsewhere(new UUID(9, 2), NOW.minusSeconds(3600));
        intake.stored(
                elsewhere,
                new Provenance("consulate-de", "key-9", AlertIntake.sha256(bytes(VALID))),
                NOW.minusSeconds(3600));

        Answer retry = intake.raise(signed(VALID, "key-9"));
        Answer otherBody = intake.raise(signed(VALID_AT_CHANCERY, "key-9"));

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.result()).isEqualTo(new IntakeResult.Accepted(new UUID(9, 2), elsewhere));
        assertThat(status(otherBody)).isEqualTo(ProblemType.IDEMPOTENCY_KEY_REUSED);
        assertThat(published).isEmpty();
    }

    @Test
    void shouldForgetAKeyStoredElsewhereOnceItsDayIsOver() {
        AlertRaised old = raisedElsewhere(new UUID(9, 4), NOW.minus(Duration.ofHours(25)));
        intake.stored(
                old,
                new Provenance("consulate-de", "key-old", AlertIntake.sha256(bytes(VALID))),
                NOW.minus(Duration.ofHours(25)));

        Answer retry = intake.raise(signed(VALID, "key-old"));

        assertThat(retry.replayed()).isFalse();
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
        AlertRaised alert = (AlertRaised)
                ((IntakeResult.Accepted) intake.raise(signed(VALID, null)).result()).event();
        String id = alert.alertId().toString();

        Answer own = intake.status("de-1", sign(Fixtures.SECRET, new byte[0]), id);
        Answer other = intake.status("jp-1", sign("another-secret", new byte[0]), id);
        Answer unknown = intake.status(
                "de-1", sign(Fixtures.SECRET, new byte[0]), UUID.randomUUID().toString());
        Answer garbage = intake.status("de-1", sign(Fixtures.SECRET, new byte[0]), "not-a-uuid");
        Answer unsigned = intake.status("de-1", null, id);

        assertThat(own.result()).isInstanceOfSatisfying(IntakeResult.Found.class, found -> {
            assertThat(found.alert().alertId()).isEqualTo(alert.alertId());
            assertThat(found.alert().visibleStatus()).isEqualTo("OPEN");
        });
        assertThat(status(other)).isEqualTo(ProblemType.ALERT_NOT_FOUND);
        assertThat(status(unknown)).isEqualTo(ProblemType.ALERT_NOT_FOUND);
        assertThat(status(garbage)).isEqualTo(ProblemType.ALERT_NOT_FOUND);
        assertThat(status(unsigned)).isEqualTo(ProblemType.AUTHENTICATION_REQUIRED);
    }

    @Test
    void shouldAttachASecondPressToTheOpenAlertInsteadOfOpeningAnotherIncident() {
        UUID first = accepted(intake.raise(signed(VALID, null))).alertId();

        IntakeResult.Accepted second = accepted(intake.raise(signed(VALID_AT_CHANCERY, null)));
        IntakeResult.Accepted third = accepted(intake.raise(signed(VALID, null)));

        assertThat(second.alertId()).isEqualTo(first);
        assertThat(third.alertId()).isEqualTo(first);
        assertThat(published).hasSize(3);
        assertThat(published.subList(1, 3))
                .allSatisfy(e -> assertThat(e).isInstanceOf(AlertRepeatPressed.class))
                .extracting(e -> ((AlertRepeatPressed) e).pressCount())
                .containsExactly(2, 3);
        assertThat(published).filteredOn(AlertRaised.class::isInstance).hasSize(1);
    }

    @Test
    void shouldAttachLaterPressesToTheFirstRaisedWhenTwoInstancesOpenedTwoIncidentsAtOnce() {
        book.apply(raisedElsewhere(new UUID(9, 6), NOW.minusSeconds(1)));
        book.apply(raisedElsewhere(new UUID(9, 5), NOW.minusSeconds(2)));

        Answer first = intake.raise(signed(VALID, null));
        Answer second = intake.raise(signed(VALID, null));

        assertThat(List.of(accepted(first).event(), accepted(second).event()))
                .allSatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                AlertRepeatPressed.class,
                                p -> assertThat(p.alertId()).isEqualTo(new UUID(9, 5))));
    }

    @Test
    void shouldOpenANewIncidentOnceTheOpenAlertIsCancelled() {
        UUID first = accepted(intake.raise(signed(VALID, null))).alertId();
        intake.cancel(signed(pin(Fixtures.PIN), null), first.toString());

        UUID second = accepted(intake.raise(signed(VALID, null))).alertId();

        assertThat(second).isNotEqualTo(first);
        assertThat(published.get(2)).isInstanceOf(AlertRaised.class);
    }

    @Test
    void shouldAnswerADuressCancelExactlyLikeAGenuineOneButSignalDuress() {
        UUID genuine = accepted(intake.raise(signed(VALID, null))).alertId();
        Answer cancelled = intake.cancel(signed(pin(Fixtures.PIN), null), genuine.toString());
        UUID coerced = accepted(intake.raise(signed(VALID, null))).alertId();
        Answer duress = intake.cancel(signed(pin(Fixtures.DURESS_PIN), null), coerced.toString());

        assertThat(cancelled.result()).isEqualTo(new IntakeResult.Cancelled(genuine));
        assertThat(duress.result()).isEqualTo(new IntakeResult.Cancelled(coerced));
        assertThat(published.get(1)).isInstanceOf(AlertCancelled.class);
        assertThat(published.get(3))
                .isInstanceOfSatisfying(
                        DuressSignalled.class, d -> assertThat(d.alertId()).isEqualTo(coerced));
        Answer statusAfterDuress = intake.status("de-1", sign(Fixtures.SECRET, new byte[0]), coerced.toString());
        assertThat(((IntakeResult.Found) statusAfterDuress.result()).alert().visibleStatus())
                .isEqualTo("CANCELLED");
    }

    @Test
    void shouldRefuseAWrongPinAndKeepTheAlertOpen() {
        UUID id = accepted(intake.raise(signed(VALID, null))).alertId();

        Answer wrong = intake.cancel(signed(pin("0000"), null), id.toString());

        assertThat(status(wrong)).isEqualTo(ProblemType.PIN_INCORRECT);
        assertThat(published).hasSize(1);
        assertThat(rejected)
                .singleElement()
                .satisfies(r -> assertThat(r.detail()).doesNotContain("0000"));
        assertThat(((IntakeResult.Listed) intake.list("de-1", sign(Fixtures.SECRET, new byte[0]), "open")
                                .result())
                        .alerts())
                .extracting(a -> a.alertId())
                .containsExactly(id);
    }

    @Test
    void shouldLockTheCancelAfterTooManyWrongPinsButStillSignalDuress() {
        UUID id = accepted(intake.raise(signed(VALID, null))).alertId();
        for (int i = 0; i < 3; i++) {
            assertThat(status(intake.cancel(signed(pin("000" + i), null), id.toString())))
                    .isEqualTo(ProblemType.PIN_INCORRECT);
        }

        Answer wrong = intake.cancel(signed(pin("0009"), null), id.toString());
        Answer genuine = intake.cancel(signed(pin(Fixtures.PIN), null), id.toString());
        Answer duress = intake.cancel(signed(pin(Fixtures.DURESS_PIN), null), id.toString());

        assertThat(List.of(wrong, genuine, duress))
                .allSatisfy(a -> assertThat(status(a)).isEqualTo(ProblemType.PIN_ATTEMPTS_EXCEEDED));
        assertThat(((IntakeResult.Refused) genuine.result()).retryAfter()).isPositive();
        assertThat(published).hasSize(2);
        assertThat(published.get(1)).isInstanceOf(DuressSignalled.class);
        assertThat(published).noneMatch(AlertCancelled.class::isInstance);
    }

    @Test
    void shouldUpdateTheLocationOfAnOpenAlertOnlyForItsOwnConsulate() {
        UUID id = accepted(intake.raise(signed(VALID, null))).alertId();

        Answer moved = intake.locate(signed(MOVED, null), id.toString());
        Answer byJapan = intake.locate(
                new Submission("jp-1", sign("another-secret", bytes(MOVED)), bytes(MOVED), null), id.toString());

        assertThat(accepted(moved).event())
                .isInstanceOfSatisfying(
                        AlertLocationUpdated.class,
                        l -> assertThat(l.location()).isEqualTo(new GeoPoint(24.9, 67.1)));
        assertThat(status(byJapan)).isEqualTo(ProblemType.ALERT_NOT_FOUND);
        assertThat(published).hasSize(2);
    }

    @Test
    void shouldNotMoveACancelledAlert() {
        UUID id = accepted(intake.raise(signed(VALID, null))).alertId();
        intake.cancel(signed(pin(Fixtures.PIN), null), id.toString());

        assertThat(status(intake.locate(signed(MOVED, null), id.toString()))).isEqualTo(ProblemType.ALERT_CLOSED);
        assertThat(published).hasSize(2);
    }

    private static IntakeResult.Accepted accepted(Answer answer) {
        assertThat(answer.result()).isInstanceOf(IntakeResult.Accepted.class);
        return (IntakeResult.Accepted) answer.result();
    }

    private static String pin(String pin) {
        return "pin:" + pin;
    }

    private static Map<String, Object> parse(byte[] body) throws MalformedBodyException {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("pin:")) {
            return Map.of("pin", text.substring(4));
        }
        return switch (text) {
            case MOVED -> Map.of("location", Map.of("lat", 24.9, "lon", 67.1));
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

    private static AlertRaised raisedElsewhere(UUID alertId, Instant at) {
        return new AlertRaised(
                UUID.randomUUID(),
                at,
                alertId,
                "consulate-de",
                "Consulate",
                AlertType.FIRE,
                Severity.HIGH,
                new GeoPoint(24.8, 67.0),
                null,
                null,
                null,
                false);
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
