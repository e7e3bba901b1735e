package sos.ingest.domain;

/**
 * Every way alert-ingest answers "no", with its HTTP status and a stable RFC 9457 problem type URI under
 * {@link #BASE}. Clients may branch on {@link #uri()}; the slugs never change meaning.
 */
public enum ProblemType {
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    AUTHENTICATION_REQUIRED(401, "authentication-required", "Authentication required"),
    SIGNATURE_INVALID(401, "signature-invalid", "Invalid signature"),
    SIGNATURE_STALE(401, "signature-stale", "Stale signature"),
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    MALFORMED_XML(400, "malformed-xml", "Malformed XML"),
    IDEMPOTENCY_KEY_INVALID(400, "idempotency-key-invalid", "Invalid Idempotency-Key"),
    VALIDATION(422, "validation", "Validation failed"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency-Key reused with another body"),
    IDEMPOTENCY_KEY_IN_PROGRESS(409, "idempotency-key-in-progress", "Request with this Idempotency-Key in progress"),
    ALERT_NOT_FOUND(404, "alert-not-found", "Alert not found"),
    ALERT_CLOSED(409, "alert-closed", "Alert no longer open"),
    PIN_INCORRECT(403, "pin-incorrect", "Incorrect PIN"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    PIN_ATTEMPTS_EXCEEDED(429, "pin-attempts-exceeded", "Too many wrong PINs"),
    BROKER_UNAVAILABLE(503, "broker-unavailable", "Alert not stored"),
    SIGN_IN_FAILED(401, "sign-in-failed", "Wrong username or password"),
    SIGN_IN_LOCKED(429, "sign-in-locked", "Too many failed sign-ins"),
    SESSION_REQUIRED(401, "session-required", "Sign-in required"),
    CSRF_TOKEN_INVALID(403, "csrf-token-invalid", "Missing or wrong CSRF token"),
    BAD_REQUEST(400, "bad-request", "Bad request"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    INTERNAL_ERROR(500, "internal-error", "Internal error");

    public static final String BASE = "https://sos.karachi.example/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return BASE + slug;
    }
}
