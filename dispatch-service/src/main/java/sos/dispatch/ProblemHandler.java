package sos.dispatch;

import java.net.URI;
import java.util.Locale;
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
import sos.dispatch.domain.IllegalTransitionException;
import sos.dispatch.domain.UnitAlreadyAvailableException;
import sos.dispatch.domain.UnitNotOnAlertException;
import sos.dispatch.domain.UnknownAlertException;
import sos.dispatch.domain.UnknownUnitException;

/** Every error as {@code application/problem+json} with a stable type URI; never a stack trace. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final String TYPES = "https://sos.karachi.example/problems/";

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(OpsTokenInterceptor.OpsTokenException.class)
    ResponseEntity<ProblemDetail> unauthorized(OpsTokenInterceptor.OpsTokenException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dispatch-ops\"")
                .body(problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", e.getMessage()));
    }

    @ExceptionHandler(UnknownUnitException.class)
    ProblemDetail unknownUnit(UnknownUnitException e) {
        return problem(HttpStatus.NOT_FOUND, "unit-not-found", "Unit not found", e.getMessage());
    }

    @ExceptionHandler(UnknownAlertException.class)
    ProblemDetail unknownAlert(UnknownAlertException e) {
        return problem(HttpStatus.NOT_FOUND, "alert-not-found", "Alert not found", e.getMessage());
    }

    @ExceptionHandler(UnitAlreadyAvailableException.class)
    ProblemDetail alreadyAvailable(UnitAlreadyAvailableException e) {
        return problem(HttpStatus.CONFLICT, "unit-already-available", "Unit already available", e.getMessage());
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        return problem(HttpStatus.CONFLICT, "illegal-transition", "Status change not allowed", e.getMessage());
    }

    @ExceptionHandler(UnitNotOnAlertException.class)
    ProblemDetail notOnAlert(UnitNotOnAlertException e) {
        return problem(HttpStatus.CONFLICT, "no-current-dispatch", "No current dispatch", e.getMessage());
    }

    @ExceptionHandler(UnitController.NoDispatchException.class)
    ProblemDetail noDispatch(UnitController.NoDispatchException e) {
        return problem(HttpStatus.NOT_FOUND, "no-current-dispatch", "No current dispatch", e.getMessage());
    }

    @ExceptionHandler(DispatchStream.TooManyStreamsException.class)
    ProblemDetail tooManyStreams(DispatchStream.TooManyStreamsException e) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many open streams", e.getMessage());
    }

    @ExceptionHandler(OpsTokenInterceptor.BodyTooLargeException.class)
    ProblemDetail tooLarge(OpsTokenInterceptor.BodyTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large", e.getMessage());
    }

    @ExceptionHandler(GatewayController.TooManyReportsException.class)
    ProblemDetail tooManyReports(GatewayController.TooManyReportsException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "too-many-reports", "Too many reports", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badArgument(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage());
    }

    @ExceptionHandler(OpsController.AssignmentNotFoundException.class)
    ProblemDetail noAssignment(OpsController.AssignmentNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "assignment-not-found", "No assignment for this alert", e.getMessage());
    }

    @ExceptionHandler(PositionIntake.OverloadedException.class)
    ResponseEntity<ProblemDetail> overloaded(PositionIntake.OverloadedException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Overloaded", e.getMessage()));
    }

    @ExceptionHandler(EventPublisher.PublishFailedException.class)
    ProblemDetail notPublished(EventPublisher.PublishFailedException e) {
        log.warn("A unit change was not acknowledged by the broker: {}", e.getMessage());
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "not-published",
                "Change not published",
                "the change could not be published to the broker in time; report it again");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error in the ops API", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "the request could not be served");
    }

    /** Spring's own errors (400 bad path variable, 404 no such path, 405 ...) get a stable type too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            problem.setType(URI.create(TYPES + slugOf(statusCode)));
        }
        return response;
    }

    private static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null
                ? "http-" + status.value()
                : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + slug));
        problem.setTitle(title);
        return problem;
    }
}
