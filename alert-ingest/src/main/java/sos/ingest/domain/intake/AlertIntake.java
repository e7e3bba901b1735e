package sos.ingest.domain.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRejected;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.DuressSignalled;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.alert.AlertRequest;
import sos.ingest.domain.alert.AlertValidator;
import sos.ingest.domain.alert.FieldError;
import sos.ingest.domain.alert.Validation;
import sos.ingest.domain.auth.Authentication;
import sos.ingest.domain.auth.Authentication.Authenticated;
import sos.ingest.domain.auth.Authenticator;
import sos.ingest.domain.consulate.Consulate;
import sos.ingest.domain.district.DistrictMap;
import sos.ingest.domain.idempotency.IdempotencyStore;
import sos.ingest.domain.intake.AlertPublisher.Receipt;
import sos.ingest.domain.lifecycle.AlertBook;
import sos.ingest.domain.lifecycle.AlertState;

/**
 * The door for alerts, after the HTTP checks (size, media type): authenticate, deduplicate by Idempotency-Key, parse,
 * validate, enrich from the registry and store. An alert is {@link IntakeResult.Accepted} only once the publisher has
 * acknowledged it. A new SOS from a consulate that has an open alert pressed within the repeat window is attached to
 * that alert as an {@link AlertRepeatPressed}. Authenticated requests that fail are recorded as {@link AlertRejected},
 * best effort; unauthenticated requests leave no trace on the broker.
 */
public final class AlertIntake {

    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;
    public static final int MAX_REASON_LENGTH = 500;
    static final int MAX_DETAIL_LENGTH = 1000;
    private static final byte[] EMPTY = new byte[0];
    static final String NOT_STORED = "The alert could not be stored in time and was NOT accepted. Retry now, with the"
            + " same Idempotency-Key; if this persists, raise the alarm by phone.";
    static final String VIEW_NOT_READ = "The alert was NOT accepted: alert-ingest has just started and has not yet read"
            + " back the alerts stored before, without which it cannot tell a retry from a new alert. Retry now, with the"
            + " same Idempotency-Key; if this persists, raise the alarm by phone.";

    private final Authenticator authenticator;
    private final BodyParser parser;
    private final BodyParser capParser;
    private final AlertValidator validator;
    private final AlertPublisher publisher;
    private final RejectionPublisher rejections;
    private final IdempotencyStore<IntakeResult> idempotency;
    private final AlertBook book;
    private final Duration repeatWindow;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Map<String, Object> consulateLocks = new ConcurrentHashMap<>();
    private RateLimiter rateLimiter;
    private RateLimiter pinFailures;
    private DistrictMap districts = DistrictMap.NONE;
    private volatile CountDownLatch viewRead = new CountDownLatch(0);
    private Duration viewWait = Duration.ZERO;

    /** Places every new alert in the district its location lies in ({@link AlertRaised#district()}). */
    public AlertIntake withDistricts(DistrictMap districts) {
        this.districts = districts;
        return this;
    }

    /**
     * Locks the cancel of one alert after too many wrong PINs. While locked every PIN gets the same 429, but the duress
     * PIN still signals duress (silently), so a coerced person is never worse off for the lock.
     */
    public AlertIntake withPinLockout(RateLimiter failures) {
        this.pinFailures = failures;
        return this;
    }

    /**
     * Holds every new SOS with an Idempotency-Key, and every valid one without, until {@link #viewRead} (at most
     * {@code maxWait}, then 503): until the instance has read back the recent alerts and their Idempotency-Keys from
     * the topic, the retry of an alert stored just before a crash looks new and would raise a second alert, and a
     * repeat press would open a second incident. Bad input without a key is still refused at once.
     */
    public AlertIntake awaitingView(Duration maxWait) {
        this.viewWait = maxWait;
        this.viewRead = new CountDownLatch(1);
        return this;
    }

    /** Everything that was on the alerts topic when the instance started has been read back. */
    public void viewRead() {
        viewRead.countDown();
    }

    /** Limits the non-SOS endpoints per key; {@code POST /api/v1/alerts} is never limited. */
    public AlertIntake withRateLimiter(RateLimiter limiter) {
        this.rateLimiter = limiter;
        return this;
    }

    public AlertIntake(
            Authenticator authenticator,
            BodyParser parser,
            BodyParser capParser,
            AlertValidator validator,
            AlertPublisher publisher,
            RejectionPublisher rejections,
            IdempotencyStore<IntakeResult> idempotency,
            AlertBook book,
            Duration repeatWindow,
            Clock clock,
            Supplier<UUID> ids) {
        this.authenticator = authenticator;
        this.parser = parser;
        this.capParser = capParser;
        this.validator = validator;
        this.publisher = publisher;
        this.rejections = rejections;
        this.idempotency = idempotency;
        this.book = book;
        this.repeatWindow = repeatWindow;
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
        return raise((Authenticated) authentication, submission);
    }

    /**
     * A new SOS from a sender authenticated some other way (a signed-in user of the consulate's web panel): the same
     * idempotency, parsing, validation, repeat-press and storing as {@link #raise(Submission)}.
     */
    public Answer raise(Authenticated sender, Submission submission) {
        String consulateId = sender.consulate().id();
        String key = submission.idempotencyKey();
        if (key == null) {
            return new Answer(process(sender, submission, null), false, consulateId);
        }
        // a key unknown here may be known to the topic: decide only once the view has read it
        if (!awaitView()) {
            return new Answer(notYetRead(), false, consulateId);
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
        byte[] fingerprint = sha256(submission.body());
        Provenance provenance = new Provenance(consulateId, key, fingerprint);
        IdempotencyStore.Outcome<IntakeResult> outcome = idempotency.execute(
                consulateId,
                key,
                fingerprint,
                () -> process(sender, submission, provenance),
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

    private static IntakeResult notYetRead() {
        return new IntakeResult.Refused(ProblemType.BROKER_UNAVAILABLE, VIEW_NOT_READ);
    }

    private boolean awaitView() {
        try {
            return viewRead.await(viewWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code GET /api/v1/alerts/{alertId}}: signed over an empty body. */
    public Answer status(String keyId, String signature, String alertId) {
        Authentication authentication = authenticator.authenticate(keyId, signature, EMPTY, clock.instant());
        if (authentication instanceof Authentication.Denied denied) {
            return denied(denied);
        }
        return status((Authenticated) authentication, alertId);
    }

    /** One of the sender's alerts, the sender authenticated some other way (see {@link #raise(Authenticated, Submission)}). */
    public Answer status(Authenticated sender, String alertId) {
        String consulateId = sender.consulate().id();
        Optional<Answer> limited = limit(sender);
        if (limited.isPresent()) {
            return limited.get();
        }
        IntakeResult result = own(consulateId, alertId)
                .<IntakeResult>map(IntakeResult.Found::new)
                .orElseGet(AlertIntake::notFound);
        return new Answer(result, false, consulateId);
    }

    /** {@code GET /api/v1/alerts?status=open}: the calling consulate's open alerts, signed over an empty body. */
    public Answer list(String keyId, String signature, String status) {
        Authentication authentication = authenticator.authenticate(keyId, signature, EMPTY, clock.instant());
        if (authentication instanceof Authentication.Denied denied) {
            return denied(denied);
        }
        return list((Authenticated) authentication, status);
    }

    /** The sender's open alerts, the sender authenticated some other way. */
    public Answer list(Authenticated sender, String status) {
        Optional<Answer> limited = limit(sender);
        if (limited.isPresent()) {
            return limited.get();
        }
        if (status != null && !status.equalsIgnoreCase("open")) {
            return new Answer(
                    reject(
                            sender,
                            ProblemType.VALIDATION,
                            "status: must be open",
                            List.of(new FieldError("status", "must be open"))),
                    false,
                    sender.consulate().id());
        }
        return new Answer(
                new IntakeResult.Listed(book.open(sender.consulate().id())),
                false,
                sender.consulate().id());
    }

    /** {@code POST /api/v1/alerts/{alertId}/locations}: {@code {"location":{...},"accuracyMeters":...}}. */
    public Answer locate(Submission submission, String alertId) {
        Authentication authentication = authenticator.authenticate(
                submission.keyId(), submission.signature(), submission.body(), clock.instant());
        if (authentication instanceof Authentication.Denied denied) {
            return denied(denied);
        }
        return locate((Authenticated) authentication, submission, alertId);
    }

    /** A new position of the sender's open alert, the sender authenticated some other way. */
    public Answer locate(Authenticated sender, Submission submission, String alertId) {
        String consulateId = sender.consulate().id();
        Optional<Answer> limited = limit(sender);
        if (limited.isPresent()) {
            return limited.get();
        }
        Optional<AlertState> alert = own(consulateId, alertId);
        if (alert.isEmpty()) {
            return new Answer(notFound(), false, consulateId);
        }
        Map<String, Object> json;
        try {
            json = parser.parse(submission.body());
        } catch (MalformedBodyException e) {
            return new Answer(
                    reject(sender, ProblemType.MALFORMED_JSON, e.getMessage(), List.of()), false, consulateId);
        } catch (InvalidBodyException e) {
            return new Answer(reject(sender, ProblemType.VALIDATION, e.getMessage(), e.errors()), false, consulateId);
        }
        Validation validation = validator.validateLocationUpdate(json);
        if (validation instanceof Validation.Invalid invalid) {
            return new Answer(
                    reject(sender, ProblemType.VALIDATION, invalid.summary(), invalid.errors()), false, consulateId);
        }
        AlertState state = alert.get();
        AlertRequest request = ((Validation.Valid) validation).alert();
        AlertLocationUpdated located = new AlertLocationUpdated(
                ids.get(),
                clock.instant(),
                state.alertId(),
                consulateId,
                request.location(),
                request.accuracyMeters(),
                state.drill());
        if (state.status() == AlertState.Status.CANCELLED) {
            return new Answer(closed(), false, consulateId);
        }
        if (state.status() == AlertState.Status.RESOLVED) {
            return new Answer(resolvedAlready(), false, consulateId);
        }
        // under duress the position still goes out, but the answer looks like that of a cancelled alert
        IntakeResult stored = store(located, null, null);
        if (state.status() == AlertState.Status.DURESS && stored instanceof IntakeResult.Accepted) {
            return new Answer(closed(), false, consulateId);
        }
        return new Answer(stored, false, consulateId);
    }

    /**
     * {@code POST /api/v1/alerts/{alertId}/cancel}: {@code {"pin":"...","reason":"..."}}. The genuine PIN writes
     * {@link AlertCancelled}, the duress PIN {@link DuressSignalled}; the answer is the same.
     */
    public Answer cancel(Submission submission, String alertId) {
        Authentication authentication = authenticator.authenticate(
                submission.keyId(), submission.signature(), submission.body(), clock.instant());
        if (authentication instanceof Authentication.Denied denied) {
            return denied(denied);
        }
        return cancel((Authenticated) authentication, submission, alertId);
    }

    /** A cancel with a PIN, the sender authenticated some other way: the same PIN, duress and lockout rules. */
    public Answer cancel(Authenticated sender, Submission submission, String alertId) {
        Consulate consulate = sender.consulate();
        Optional<Answer> limited = limit(sender);
        if (limited.isPresent()) {
            return limited.get();
        }
        Optional<AlertState> alert = own(consulate.id(), alertId);
        if (alert.isEmpty()) {
            return new Answer(notFound(), false, consulate.id());
        }
        Map<String, Object> json;
        try {
            json = parser.parse(submission.body());
        } catch (MalformedBodyException e) {
            return new Answer(
                    reject(sender, ProblemType.MALFORMED_JSON, e.getMessage(), List.of()), false, consulate.id());
        } catch (InvalidBodyException e) {
            return new Answer(
                    reject(sender, ProblemType.VALIDATION, e.getMessage(), e.errors()), false, consulate.id());
        }
        List<FieldError> errors = new ArrayList<>();
        Object pin = json.get("pin");
        if (!(pin instanceof String)) {
            errors.add(new FieldError("pin", "is required, the consulate's PIN as a string of digits"));
        }
        String reason = AlertValidator.text(json.get("reason"), "reason", MAX_REASON_LENGTH, errors);
        if (!errors.isEmpty()) {
            String summary = errors.stream()
                    .map(FieldError::toString)
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("");
            return new Answer(reject(sender, ProblemType.VALIDATION, summary, errors), false, consulate.id());
        }
        Consulate.PinMatch match = consulate.checkPin((String) pin);
        String lockKey = alert.get().alertId().toString();
        Optional<java.time.Duration> locked = pinFailures == null ? Optional.empty() : pinFailures.peek(lockKey);
        if (locked.isPresent()) {
            AlertState state = alert.get();
            if (match == Consulate.PinMatch.DURESS && state.status() != AlertState.Status.DURESS) {
                IntakeResult stored = store(
                        new DuressSignalled(ids.get(), clock.instant(), state.alertId(), consulate.id(), state.drill()),
                        null,
                        null);
                if (!(stored instanceof IntakeResult.Accepted)) {
                    return new Answer(stored, false, consulate.id());
                }
            }
            rejections.publish(new AlertRejected(
                    ids.get(),
                    clock.instant(),
                    consulate.id(),
                    sender.keyId(),
                    ProblemType.PIN_ATTEMPTS_EXCEEDED.status(),
                    ProblemType.PIN_ATTEMPTS_EXCEEDED.uri(),
                    "cancel attempted while locked after wrong PINs"));
            return new Answer(
                    new IntakeResult.Refused(
                            ProblemType.PIN_ATTEMPTS_EXCEEDED,
                            "Too many wrong PINs for this alert; it stays open. Retry after the time in Retry-After.",
                            List.of(),
                            locked.get()),
                    false,
                    consulate.id());
        }
        if (match == Consulate.PinMatch.NONE) {
            if (pinFailures != null) {
                pinFailures.acquire(lockKey);
            }
            return new Answer(
                    reject(
                            sender,
                            ProblemType.PIN_INCORRECT,
                            "The PIN is not correct; the alert stays open.",
                            List.of(),
                            alert.get().alertId()),
                    false,
                    consulate.id());
        }
        AlertState state = alert.get();
        if (state.status() == AlertState.Status.RESOLVED && match == Consulate.PinMatch.ALERT) {
            return new Answer(resolvedAlready(), false, consulate.id());
        }
        // (a duress PIN always writes DuressSignalled, also on a resolved alert: under duress, escalate)
        if (!state.open() && match == Consulate.PinMatch.ALERT) {
            return new Answer(new IntakeResult.Cancelled(state.alertId()), false, consulate.id());
        }
        Instant now = clock.instant();
        AlertLifecycleEvent event = match == Consulate.PinMatch.DURESS
                ? new DuressSignalled(ids.get(), now, state.alertId(), consulate.id(), state.drill())
                : new AlertCancelled(ids.get(), now, state.alertId(), consulate.id(), reason, state.drill());
        IntakeResult stored = store(event, null, null);
        return new Answer(
                stored instanceof IntakeResult.Accepted ? new IntakeResult.Cancelled(state.alertId()) : stored,
                false,
                consulate.id());
    }

    private Optional<Answer> limit(Authenticated sender) {
        if (rateLimiter == null) {
            return Optional.empty();
        }
        return rateLimiter
                .acquire(sender.keyId())
                .map(wait -> new Answer(
                        new IntakeResult.Refused(
                                ProblemType.RATE_LIMITED,
                                "Too many requests with this key; retry after the time in Retry-After. Raising an alert"
                                        + " (POST /api/v1/alerts) is never limited.",
                                List.of(),
                                wait),
                        false,
                        sender.consulate().id()));
    }

    /**
     * An event stored by any instance (read back from the topic) that answered a request with an Idempotency-Key: a
     * retry of that request, on this instance too, gets the same answer until the key expires.
     */
    public void stored(AlertLifecycleEvent event, Provenance provenance, Instant storedAt) {
        if (provenance != null && (event instanceof AlertRaised || event instanceof AlertRepeatPressed)) {
            idempotency.remember(
                    provenance.consulateId(),
                    provenance.idempotencyKey(),
                    provenance.bodySha256(),
                    new IntakeResult.Accepted(event.alertId(), event),
                    storedAt);
        }
    }

    private IntakeResult process(Authenticated sender, Submission submission, Provenance provenance) {
        Map<String, Object> json;
        try {
            json = parserFor(submission).parse(submission.body());
        } catch (MalformedBodyException e) {
            ProblemType malformed = submission.format() == Submission.Format.CAP_XML
                    ? ProblemType.MALFORMED_XML
                    : ProblemType.MALFORMED_JSON;
            return reject(sender, malformed, e.getMessage(), List.of());
        } catch (InvalidBodyException e) {
            return reject(sender, ProblemType.VALIDATION, e.getMessage(), e.errors());
        }
        if (submission.format() == Submission.Format.CAP_XML) {
            Object capSender = json.get("sender");
            if (!sender.consulate().id().equals(capSender)) {
                List<FieldError> errors = List.of(
                        new FieldError("alert/sender", "must be the id of the consulate that signed the request"));
                return reject(sender, ProblemType.VALIDATION, errors.get(0).toString(), errors);
            }
        }
        Validation validation = validator.validate(json, sender.consulate());
        if (validation instanceof Validation.Invalid invalid) {
            return reject(sender, ProblemType.VALIDATION, invalid.summary(), invalid.errors());
        }
        AlertRequest request = ((Validation.Valid) validation).alert();
        // bad input is refused at once above; a valid press waits for the view, which decides new alert or repeat
        if (!awaitView()) {
            return notYetRead();
        }
        if (repeatWindow.isZero() || repeatWindow.isNegative()) {
            return store(raised(sender, request, provenance), provenance, null);
        }
        String consulateId = sender.consulate().id();
        AlertLifecycleEvent event;
        Receipt receipt;
        Receipt alertStored = null;
        // decide "new alert or repeat press" and hand the event over in one step per consulate, so two presses never
        // both open an incident; waiting for the broker happens outside the lock
        synchronized (consulateLocks.computeIfAbsent(consulateId, id -> new Object())) {
            Instant now = clock.instant();
            Optional<AlertBook.RepeatTarget> target = book.pressAgain(consulateId, request.drill(), now, repeatWindow);
            if (target.isPresent()) {
                alertStored = target.get().alertStored();
                event = new AlertRepeatPressed(
                        idOf("AlertRepeatPressed", provenance),
                        now,
                        target.get().alert().alertId(),
                        consulateId,
                        request.type(),
                        request.location(),
                        target.get().pressCount(),
                        request.drill());
            } else {
                event = raised(sender, request, provenance);
            }
            try {
                receipt = publisher.send(event, provenance);
            } catch (PublishFailedException e) {
                return new IntakeResult.Refused(ProblemType.BROKER_UNAVAILABLE, NOT_STORED);
            }
            book.apply(event, receipt);
        }
        return confirm(event, receipt, alertStored);
    }

    /** Sends one event and waits for it outside any lock. */
    private IntakeResult store(AlertLifecycleEvent event, Provenance provenance, Receipt alsoWaitFor) {
        Receipt receipt;
        try {
            receipt = publisher.send(event, provenance);
        } catch (PublishFailedException e) {
            return new IntakeResult.Refused(ProblemType.BROKER_UNAVAILABLE, NOT_STORED);
        }
        if (event instanceof AlertRaised) {
            book.apply(event, receipt);
        }
        IntakeResult result = confirm(event, receipt, alsoWaitFor);
        if (result instanceof IntakeResult.Accepted && !(event instanceof AlertRaised)) {
            book.apply(event);
        }
        return result;
    }

    private IntakeResult confirm(AlertLifecycleEvent event, Receipt receipt, Receipt alertStored) {
        try {
            receipt.await();
            if (alertStored != null) {
                alertStored.await();
            }
        } catch (PublishFailedException e) {
            if (event instanceof AlertRaised) {
                book.forget(event.alertId());
            }
            return new IntakeResult.Refused(ProblemType.BROKER_UNAVAILABLE, NOT_STORED);
        }
        return new IntakeResult.Accepted(event.alertId(), event);
    }

    private BodyParser parserFor(Submission submission) {
        return submission.format() == Submission.Format.CAP_XML && capParser != null ? capParser : parser;
    }

    private Optional<AlertState> own(String consulateId, String alertId) {
        UUID id;
        try {
            id = UUID.fromString(alertId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
        return book.find(consulateId, id);
    }

    private static IntakeResult notFound() {
        return new IntakeResult.Refused(
                ProblemType.ALERT_NOT_FOUND, "No alert with this id is known for your consulate.");
    }

    private static IntakeResult closed() {
        return new IntakeResult.Refused(ProblemType.ALERT_CLOSED, "The alert is cancelled; raise a new alert instead.");
    }

    private static IntakeResult resolvedAlready() {
        return new IntakeResult.Refused(
                ProblemType.ALERT_CLOSED, "The alert was resolved by the control room; raise a new alert instead.");
    }

    private static Answer denied(Authentication.Denied denied) {
        return new Answer(new IntakeResult.Refused(denied.problem(), denied.detail()), false, null);
    }

    private AlertRaised raised(Authenticated sender, AlertRequest request, Provenance provenance) {
        UUID eventId;
        UUID alertId;
        Instant now = clock.instant();
        if (provenance == null
                || book.find(sender.consulate().id(), namedId("alert", provenance, now))
                        .isPresent()) {
            // no key; or a key that came back after it was forgotten (evicted) while its alert is still known: that
            // is another incident, with ids of its own
            eventId = ids.get();
            alertId = ids.get();
        } else {
            eventId = namedId("AlertRaised", provenance, now);
            alertId = namedId("alert", provenance, now);
        }
        return new AlertRaised(
                        eventId,
                        now,
                        alertId,
                        sender.consulate().id(),
                        sender.consulate().name(),
                        request.type(),
                        request.severity(),
                        request.location(),
                        request.accuracyMeters(),
                        request.premises() == null ? null : request.premises().name(),
                        request.description(),
                        request.drill())
                .withDistrict(districts.districtOf(request.location()).orElse(null));
    }

    /** A new id, or for a request with an Idempotency-Key its {@link #namedId}. */
    private UUID idOf(String what, Provenance provenance) {
        return provenance == null ? ids.get() : namedId(what, provenance, clock.instant());
    }

    /**
     * The same id every time that consulate sends that Idempotency-Key with that body on that (UTC) day. A 503 does not
     * always mean that nothing was stored: when the broker's acknowledgement is late (a leader failing over), the
     * producer gives up on a record that may still have been written. The client then retries with the same key, and
     * its event must be the same event again (same alert id and event id, which every reader drops as a duplicate)
     * rather than a second incident. The day keeps a key that a client wrongly reuses days later from naming an old
     * alert (its retries come within minutes; one that straddles midnight gets new ids, as before).
     */
    static UUID namedId(String what, Provenance provenance, Instant at) {
        String name = what
                + '\n'
                + provenance.consulateId()
                + '\n'
                + provenance.idempotencyKey()
                + '\n'
                + provenance.bodySha256Hex()
                + '\n'
                + Math.floorDiv(at.getEpochSecond(), 86_400L);
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private IntakeResult reject(Authenticated sender, ProblemType problem, String detail, List<FieldError> errors) {
        return reject(sender, problem, detail, errors, null);
    }

    /** @param pinFailureOf the alert whose cancel got a wrong PIN, or null */
    private IntakeResult reject(
            Authenticated sender, ProblemType problem, String detail, List<FieldError> errors, UUID pinFailureOf) {
        String bounded =
                printable(detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) + "…" : detail);
        Instant now = clock.instant();
        AlertRejected rejection = new AlertRejected(
                ids.get(), now, sender.consulate().id(), sender.keyId(), problem.status(), problem.uri(), bounded);
        if (pinFailureOf == null) {
            rejections.publish(rejection);
        } else {
            rejections.publishPinFailure(rejection, pinFailureOf);
        }
        return new IntakeResult.Refused(problem, bounded, errors);
    }

    /**
     * A wrong PIN for {@code alertId} at {@code at} on another instance (or on this one before a restart), read back
     * from the rejected-alerts topic: it counts towards the alert's PIN lockout here too.
     */
    public void pinFailedElsewhere(UUID alertId, Instant at) {
        if (pinFailures != null) {
            pinFailures.acquireAt(alertId.toString(), at);
        }
    }

    /** Parser messages may quote the sender's bytes: no control characters or broken Unicode go on to audit. */
    static String printable(String detail) {
        StringBuilder out = new StringBuilder(detail.length());
        for (int i = 0; i < detail.length(); i++) {
            char c = detail.charAt(i);
            boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < detail.length()
                    && Character.isLowSurrogate(detail.charAt(i + 1));
            if (pair) {
                out.append(c).append(detail.charAt(++i));
            } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
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
