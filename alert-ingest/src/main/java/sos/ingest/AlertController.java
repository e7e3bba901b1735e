package sos.ingest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import sos.contracts.AlertRaised;
import sos.contracts.RequestSignature;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.intake.AlertIntake;
import sos.ingest.domain.intake.Answer;
import sos.ingest.domain.intake.IntakeResult;
import sos.ingest.domain.intake.Submission;

/**
 * The consulate API. The HTTP checks happen here, in order: size (413), media type (415); then the raw body goes to
 * {@link AlertIntake} for authentication, idempotency, parsing and validation.
 */
@RestController
@RequestMapping("/api/v1/alerts")
final class AlertController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Logger log = LoggerFactory.getLogger(AlertController.class);

    private final AlertIntake intake;
    private final int maxBodyBytes;

    AlertController(AlertIntake intake, IngestProperties properties) {
        this.intake = intake;
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    @PostMapping
    ResponseEntity<Object> raise(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            return tooLarge();
        }
        if (!isJson(request.getContentType())) {
            return Problems.of(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the alert as Content-Type: application/json (UTF-8).");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            return tooLarge();
        }
        return render(intake.raise(new Submission(
                request.getHeader(RequestSignature.KEY_ID_HEADER),
                request.getHeader(RequestSignature.SIGNATURE_HEADER),
                body,
                request.getHeader(IDEMPOTENCY_KEY))));
    }

    @GetMapping("/{alertId}")
    ResponseEntity<Object> status(@PathVariable String alertId, HttpServletRequest request) {
        return render(intake.status(
                request.getHeader(RequestSignature.KEY_ID_HEADER),
                request.getHeader(RequestSignature.SIGNATURE_HEADER),
                alertId));
    }

    private ResponseEntity<Object> tooLarge() {
        return Problems.of(ProblemType.PAYLOAD_TOO_LARGE, "The body must be at most " + maxBodyBytes + " bytes.");
    }

    private static ResponseEntity<Object> render(Answer answer) {
        HttpHeaders headers = new HttpHeaders();
        if (answer.replayed()) {
            headers.set(REPLAYED, "true");
        }
        IntakeResult result = answer.result();
        if (result instanceof IntakeResult.Accepted accepted) {
            AlertRaised alert = accepted.alert();
            return ResponseEntity.accepted()
                    .headers(headers)
                    .location(URI.create("/api/v1/alerts/" + alert.alertId()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("alertId", alert.alertId().toString(), "status", "ACCEPTED"));
        }
        if (result instanceof IntakeResult.Found found) {
            AlertRaised alert = found.alert();
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new AlertStatus(
                            alert.alertId().toString(),
                            "ACCEPTED",
                            alert.type().name(),
                            alert.severity().name(),
                            alert.occurredAt().toString()));
        }
        IntakeResult.Refused refused = (IntakeResult.Refused) result;
        logRefusal(answer, refused);
        return Problems.of(refused.problem(), refused.detail(), refused.errors(), headers);
    }

    private static void logRefusal(Answer answer, IntakeResult.Refused refused) {
        if (refused.status() == 401) {
            log.warn("request not authenticated: {}", refused.problem().uri());
        } else if (refused.status() != 503) {
            log.info(
                    "alert refused: consulate={} status={} problem={} replayed={}",
                    answer.consulateId(),
                    refused.status(),
                    refused.problem().uri(),
                    answer.replayed());
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                    && (type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset()));
        } catch (IllegalArgumentException e) { // InvalidMediaTypeException, unknown charset
            return false;
        }
    }

    /** The body of {@code GET /api/v1/alerts/{alertId}}. */
    record AlertStatus(String alertId, String status, String type, String severity, String occurredAt) {}
}
