package sos.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import sos.ingest.domain.ProblemType;

/** Spring MVC's own errors (404, 405, 406, ...) and anything unexpected, as problem+json without stack traces. */
@RestControllerAdvice
final class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected error", e);
        return Problems.of(ProblemType.INTERNAL_ERROR, "An unexpected error occurred.");
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemType type = Problems.forStatus(statusCode.value());
        ProblemDetail problem = body instanceof ProblemDetail detail
                ? Problems.relabel(detail, type)
                : Problems.relabel(ProblemDetail.forStatus(statusCode), type);
        return ResponseEntity.status(statusCode)
                .headers(Problems.withProblemHeaders(type, headers))
                .body(problem);
    }
}
