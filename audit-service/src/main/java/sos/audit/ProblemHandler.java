package sos.audit;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import sos.audit.domain.AnalystTokens;
import sos.audit.domain.ForbiddenQueryException;
import sos.audit.domain.InvalidQueryException;

/** Every error as {@code application/problem+json} with a stable type; never a stack trace. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(AnalystUnauthorizedException.class)
    ResponseEntity<ProblemDetail> unauthorized(AnalystUnauthorizedException e) {
        String challenge = e.verdict() == AnalystTokens.Verdict.MISSING
                ? "Bearer realm=\"sos-audit\""
                : "Bearer realm=\"sos-audit\", error=\"invalid_token\"";
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .body(problem(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized", e.getMessage()));
    }

    @ExceptionHandler(AlertNotFoundException.class)
    ResponseEntity<ProblemDetail> alertNotFound(AlertNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(HttpStatus.NOT_FOUND, Problems.ALERT_NOT_FOUND, "Alert not found", e.getMessage()));
    }

    @ExceptionHandler(NoCheckpointException.class)
    ResponseEntity<ProblemDetail> noCheckpoint(NoCheckpointException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(HttpStatus.NOT_FOUND, Problems.NO_CHECKPOINT, "No checkpoint", e.getMessage()));
    }

    @ExceptionHandler(ChainBrokenException.class)
    ResponseEntity<ProblemDetail> chainBroken(ChainBrokenException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(HttpStatus.CONFLICT, Problems.CHAIN_BROKEN, "Chain broken", e.getMessage()));
    }

    @ExceptionHandler(ForbiddenQueryException.class)
    ResponseEntity<ProblemDetail> forbidden(ForbiddenQueryException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(problem(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden", e.getMessage()));
    }

    @ExceptionHandler(InvalidQueryException.class)
    ResponseEntity<ProblemDetail> invalidQuery(InvalidQueryException e) {
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (StoreFailures.isDatabaseUnavailable(e)) {
            LOG.warn("audit database unavailable: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "5")
                    .body(problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            Problems.UNAVAILABLE,
                            "Service unavailable",
                            "the audit database cannot be reached; try again shortly"));
        }
        LOG.error("unexpected failure", e);
        return ResponseEntity.internalServerError()
                .body(problem(
                        HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL, "Internal error", "unexpected failure"));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name =
                e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        String expected = expectedValue(e.getRequiredType());
        ProblemDetail body =
                problem(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request", name + " must be " + expected);
        return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(
                HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request", "the request body is not valid JSON");
        return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String expectedValue(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "a whole number";
        }
        return "a valid " + type.getSimpleName();
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
