package sos.notification;

import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error as {@code application/problem+json} with a stable type URI, never a stack trace. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final String PROBLEMS = "https://sos.karachi.example/problems/";

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final Map<Integer, String> TYPES = Map.of(
            400, "bad-request",
            404, "not-found",
            405, "method-not-allowed",
            406, "not-acceptable",
            415, "unsupported-media-type");

    @ExceptionHandler(RoutingController.UnknownRecipientException.class)
    ProblemDetail unknownRecipient(RoutingController.UnknownRecipientException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create(PROBLEMS + "unknown-recipient"));
        problem.setTitle("Unknown recipient");
        return problem;
    }

    @ExceptionHandler(FeedController.UnauthorizedException.class)
    ResponseEntity<ProblemDetail> unauthorized(FeedController.UnauthorizedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        problem.setType(URI.create(PROBLEMS + "unauthorized"));
        problem.setTitle("Unauthorized");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(AckController.AckRefusedException.class)
    ResponseEntity<ProblemDetail> ackRefused(AckController.AckRefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
        problem.setType(
                URI.create(PROBLEMS + "ack-" + e.status.name().toLowerCase().replace('_', '-')));
        problem.setTitle("Acknowledgement refused");
        return ResponseEntity.status(e.status)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error answering a request", e);
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "see the service log");
        problem.setType(URI.create(PROBLEMS + "internal-error"));
        problem.setTitle("Internal error");
        return problem;
    }

    /** Spring MVC's own errors (404, 405, ...) keep their ProblemDetail but get a type of ours. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && URI.create("about:blank").equals(problem.getType())) {
            problem.setType(
                    URI.create(PROBLEMS + TYPES.getOrDefault(statusCode.value(), "http-" + statusCode.value())));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }
}
