package sos.ingest.domain.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRejected;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.alert.AlertRequest;
import sos.ingest.domain.alert.AlertValidator;
import sos.ingest.domain.alert.FieldError;
import sos.ingest.domain.alert.Validation;
import sos.ingest.domain.auth.Authentication;
import sos.ingest.domain.auth.Authentication.Authenticated;
import sos.ingest.domain.auth.Authenticator;
import sos.ingest.domain.idempotency.IdempotencyStore;

/**
 * The door for alerts, after the HTTP checks (size, media type): authenticate, deduplicate by Idempotency-Key, parse,
 * validate, enrich from the registry and store. An alert is {@link IntakeResult.Accepted} only once the publisher has
 * acknowledged it. Authenticated requests that fail parsing or validation are recorded as {@link AlertRejected}, best
 * effort; unauthenticated requests leave no trace on the broker.
 */
public final class AlertIntake {

    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;
    static final int MAX_DETAIL_LENGTH = 1000;
    private static final byte[] EMPTY = new byte[0];

    private final Authenticator authenticator;
    private final BodyParser parser;
    private final AlertValidator validator;
    private final AlertPublisher publisher;
    private final RejectionPublisher rejections;
    private final IdempotencyStore<IntakeResult> idempotency;
    private final AcceptedAlerts accepted;
    private final Clock clock;
    private final Supplier<UUID> ids;

    public AlertIntake(
            Authenticator authenticator,
            BodyParser parser,
            AlertValidator validator,
            AlertPublisher publisher,
            RejectionPublisher rejections,
            IdempotencyStore<IntakeResult> idempotency,
            AcceptedAlerts accepted,
            Clock clock,
            Supplier<UUID> ids) {
        this.authenticator = authenticator;
        this.parser = parser;
        this.validator = validator;
        this.publisher = publisher;
        this.rejections = rejections;
        this.idempotency = idempotency;
        this.accepted = accepted;
        this.clock = clock;
        this.ids = ids;
    }

    /** {@code POST /api/v1/alerts}. */
    public Answer raise(Submission submission) {
        Authentication authentication = authenticator.authenticate(
                submission.keyId(), submission.signature(), submission.body(), clock.instant());
        if (authentication instanceof Authentication.Denied denied) {
            return new Answer(new IntakeResult.Refused(denied.problem(), denied.detail()), false, null);
        }
        Authenticated sender = (Authenticated) authentication;
        String consulateId = sender.consulate().id();
        String key = submission.idempotencyKey();
        if (key == null) {
            return new Answer(process(sender, submission.body()), false, consulateId);
        }
        if (!isValidIdempotencyKey(key)) {
            return new Answer(
                    reject(
                            sender,
                            ProblemType.IDEMPOTENCY_KEY_INVALID,
                            "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters.",
                            List.of()),
                    false,
                    consulateId);
        }
        IdempotencyStore.Outcome<IntakeResult> outcome = idempotency.execute(
                consulateId,
                key,
                sha256(submission.body()),
                () -> process(sender, submission.body()),
                result -> result.status() < 500);
        if (outcome instanceof IdempotencyStore.Outcome.Executed<IntakeResult> executed) {
            return new Answer(executed.result(), false, consulateId);
        }
        if (outcome instanceof IdempotencyStore.Outcome.Replayed<IntakeResult> replayed) {
            return new Answer(replayed.result(), true, consulateId);
        }
        if (outcome instanceof IdempotencyStore.Outcome.Conflict<IntakeResult>) {
            IntakeResult conflict = reject(
                    sender,
                    ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used with a different body; use a new key for a new alert.",
                    List.of());
            return new Answer(conflict, false, consulateId);
        }
        IntakeResult inProgress = new IntakeResult.Refused(
                ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS,
                "A request with this Idempotency-Key is still being processed; retry shortly.");
        return new Answer(inProgress, false, consulateId);
    }

    /** {@code GET /api/v1/alerts/{alertId}}: signed over an empty body. */
    public Answer status(String keyId, String signature, String alertId) {
        Authentication authentication = authenticator.authenticate(keyId, signature, EMPTY, clock.instant());
        if (authentication instanceof Authentication.Denied denied) {
            return new Answer(new IntakeResult.Refused(denied.problem(), denied.detail()), false, null);
        }
        String consulateId = ((Authenticated) authentication).consulate().id();
        UUID id;
        try {
            id = UUID.fromString(alertId);
        } catch (IllegalArgumentException e) {
            id = null;
        }
        IntakeResult result = (id == null ? Optional.<AlertRaised>empty() : accepted.find(consulateId, id))
                .<IntakeResult>map(IntakeResult.Found::new)
                .orElseGet(() -> new IntakeResult.Refused(
                        ProblemType.ALERT_NOT_FOUND,
                        "No alert with this id was accepted for your consulate by this service instance."));
        return new Answer(result, false, consulateId);
    }

    private IntakeResult process(Authenticated sender, byte[] body) {
        Map<String, Object> json;
        try {
            json = parser.parse(body);
        } catch (MalformedBodyException e) {
            return reject(sender, ProblemType.MALFORMED_JSON, e.getMessage(), List.of());
        }
        Validation validation = validator.validate(json, sender.consulate());
        if (validation instanceof Validation.Invalid invalid) {
            return reject(sender, ProblemType.VALIDATION, invalid.summary(), invalid.errors());
        }
        AlertRaised alert = raised(sender, ((Validation.Valid) validation).alert());
        try {
            publisher.publish(alert);
        } catch (PublishFailedException e) {
            return new IntakeResult.Refused(
                    ProblemType.BROKER_UNAVAILABLE,
                    "The alert could not be stored in time and was NOT accepted. Retry now, with the same"
                            + " Idempotency-Key; if this persists, raise the alarm by phone.");
        }
        accepted.remember(alert);
        return new IntakeResult.Accepted(alert);
    }

    private AlertRaised raised(Authenticated sender, AlertRequest request) {
        return new AlertRaised(
                ids.get(),
                clock.instant(),
                ids.get(),
                sender.consulate().id(),
                sender.consulate().name(),
                request.type(),
                request.severity(),
                request.location(),
                request.accuracyMeters(),
                request.premises() == null ? null : request.premises().name(),
                request.description(),
                request.drill());
    }

    private IntakeResult reject(Authenticated sender, ProblemType problem, String detail, List<FieldError> errors) {
        String bounded = detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) + "…" : detail;
        Instant now = clock.instant();
        rejections.publish(new AlertRejected(
                ids.get(), now, sender.consulate().id(), sender.keyId(), problem.status(), problem.uri(), bounded));
        return new IntakeResult.Refused(problem, bounded, errors);
    }

    static boolean isValidIdempotencyKey(String key) {
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            return false;
        }
        return key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
