package sos.ingest;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.alert.FieldError;

/** RFC 9457 problem responses with the platform's stable type URIs. */
final class Problems {

    static final String RETRY_AFTER_SECONDS = "1";

    private Problems() {}

    static ResponseEntity<Object> of(ProblemType type, String detail) {
        return of(type, detail, List.of(), new HttpHeaders());
    }

    static ResponseEntity<Object> of(ProblemType type, String detail, List<FieldError> errors, HttpHeaders headers) {
        return of(type.status(), type, detail, errors, headers);
    }

    /** A problem of {@code type} with another status than its usual one (container errors such as 408). */
    static ResponseEntity<Object> of(
            int status, ProblemType type, String detail, List<FieldError> errors, HttpHeaders headers) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(type.uri()));
        problem.setTitle(type.title());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status)
                .headers(withProblemHeaders(type, headers))
                .body(problem);
    }

    /** Re-labels a problem Spring built (404, 405, ...) with our type URI. */
    static ProblemDetail relabel(ProblemDetail problem, ProblemType type) {
        problem.setType(URI.create(type.uri()));
        if (problem.getTitle() == null) {
            problem.setTitle(type.title());
        }
        return problem;
    }

    static HttpHeaders withProblemHeaders(ProblemType type, HttpHeaders given) {
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(given);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        switch (type) {
            case AUTHENTICATION_REQUIRED, SIGNATURE_INVALID, SIGNATURE_STALE ->
                headers.set(HttpHeaders.WWW_AUTHENTICATE, "SOS-Signature realm=\"alert-ingest\"");
            case BROKER_UNAVAILABLE, IDEMPOTENCY_KEY_IN_PROGRESS, RATE_LIMITED, PIN_ATTEMPTS_EXCEEDED -> {
                if (!headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
                    headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
                }
            }
            default -> {}
        }
        return headers;
    }

    static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> ProblemType.BAD_REQUEST;
            case 401 -> ProblemType.AUTHENTICATION_REQUIRED;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ProblemType.BROKER_UNAVAILABLE;
            default -> status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.BAD_REQUEST;
        };
    }
}
