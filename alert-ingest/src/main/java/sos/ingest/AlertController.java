package sos.ingest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.GeoPoint;
import sos.contracts.RequestSignature;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.intake.AlertIntake;
import sos.ingest.domain.intake.Answer;
import sos.ingest.domain.intake.IntakeResult;
import sos.ingest.domain.intake.Submission;
import sos.ingest.domain.lifecycle.AlertState;

/**
 * The consulate API. The HTTP checks happen here, in order: size (413), media type (415); then the raw body goes to
 * {@link AlertIntake} for authentication, idempotency, parsing and validation.
 */
@RestController
@RequestMapping("/api/v1/alerts")
final class AlertController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final MediaType CAP_XML = MediaType.parseMediaType("application/cap+xml");
    private static final Logger log = LoggerFactory.getLogger(AlertController.class);

    private final AlertIntake intake;
    private final int maxBodyBytes;
    private final PressRouter router;

    private final IngestMetrics metrics;

    AlertController(AlertIntake intake, IngestProperties properties, IngestMetrics metrics, PressRouter router) {
        this.intake = intake;
        this.metrics = metrics;
        this.maxBodyBytes = properties.maxBodyBytes();
        this.router = router;
    }

    @Operation(
            summary = "Raise an alert (JSON or CAP 1.2 XML)",
            description = "202 only once the broker holds the event. A press while the consulate has an open alert"
                    + " (within the repeat window) is attached to it: the answer names the open alert, with"
                    + " repeatPress=true. Optional Idempotency-Key (24 h). Never rate-limited.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = {
                @Content(
                        mediaType = "application/json",
                        schema = @Schema(implementation = OpenApiConfiguration.AlertBody.class)),
                @Content(
                        mediaType = "application/cap+xml",
                        schema = @Schema(type = "string", description = "CAP 1.2 <alert>"))
            })
    @ApiResponse(responseCode = "202", description = "stored")
    @ApiResponse(responseCode = "400", description = "malformed JSON/XML or Idempotency-Key")
    @ApiResponse(responseCode = "401", description = "missing, invalid or stale signature; revoked key")
    @ApiResponse(responseCode = "413", description = "body over 16 KiB")
    @ApiResponse(responseCode = "415", description = "not JSON / CAP XML")
    @ApiResponse(responseCode = "422", description = "validation failed (fields named), Idempotency-Key reused")
    @ApiResponse(responseCode = "503", description = "the broker did not acknowledge in time; retry (Retry-After)")
    @PostMapping
    ResponseEntity<Object> raise(HttpServletRequest request) throws IOException {
        return withBody(request, true, "alerts", submission -> intake.raise(submission));
    }

    /** A new press goes to the instance that decides the consulate's presses, when that is another one. */
    private java.util.Optional<ResponseEntity<Object>> relayed(HttpServletRequest request, byte[] body) {
        return router.ownerElsewhere(
                        request.getHeader(RequestSignature.KEY_ID_HEADER), request.getHeader(PressRouter.RELAYED_BY))
                .flatMap(owner -> router.relay(owner, request.getRequestURI(), request, body));
    }

    @Operation(summary = "One of the calling consulate's alerts (404 for any other)")
    @GetMapping("/{alertId}")
    ResponseEntity<Object> status(@PathVariable String alertId, HttpServletRequest request) {
        return counted(intake.status(
                request.getHeader(RequestSignature.KEY_ID_HEADER),
                request.getHeader(RequestSignature.SIGNATURE_HEADER),
                alertId));
    }

    @Operation(summary = "The calling consulate's open alerts (status=open)")
    @GetMapping
    ResponseEntity<Object> list(
            @RequestParam(name = "status", required = false) String status, HttpServletRequest request) {
        return counted(intake.list(
                request.getHeader(RequestSignature.KEY_ID_HEADER),
                request.getHeader(RequestSignature.SIGNATURE_HEADER),
                status));
    }

    @Operation(summary = "A new position of an open alert (a convoy on the move)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = OpenApiConfiguration.LocationBody.class)))
    @PostMapping("/{alertId}/locations")
    ResponseEntity<Object> locate(@PathVariable String alertId, HttpServletRequest request) throws IOException {
        return withBody(request, false, "locations", submission -> intake.locate(submission, alertId));
    }

    @Operation(
            summary = "Cancel an alert with the consulate's PIN",
            description = "202 {alertId, status: CANCELLED}. 403 pin-incorrect for a wrong PIN.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = OpenApiConfiguration.CancelBody.class)))
    @PostMapping("/{alertId}/cancel")
    ResponseEntity<Object> cancel(@PathVariable String alertId, HttpServletRequest request) throws IOException {
        return withBody(request, false, "cancel", submission -> intake.cancel(submission, alertId));
    }

    private ResponseEntity<Object> withBody(
            HttpServletRequest request,
            boolean capAllowed,
            String endpoint,
            java.util.function.Function<Submission, Answer> action)
            throws IOException {
        long start = System.nanoTime();
        if (request.getContentLengthLong() > maxBodyBytes) {
            metrics.rejected("payload-too-large", 413);
            return tooLarge();
        }
        Submission.Format format;
        if (isJson(request.getContentType())) {
            format = Submission.Format.JSON;
        } else if (capAllowed && isCap(request.getContentType())) {
            format = Submission.Format.CAP_XML;
        } else {
            metrics.rejected("unsupported-media-type", 415);
            return Problems.of(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    capAllowed
                            ? "Send the alert as Content-Type: application/json (UTF-8), or as a CAP 1.2 message with"
                                    + " Content-Type: application/cap+xml or application/xml."
                            : "Send the body as Content-Type: application/json (UTF-8).");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            metrics.rejected("payload-too-large", 413);
            return tooLarge();
        }
        if (capAllowed) { // the press itself, not its follow-ups (they go to whichever instance, like reads)
            java.util.Optional<ResponseEntity<Object>> relayed = relayed(request, body);
            if (relayed.isPresent()) {
                metrics.relayed();
                return relayed.get();
            }
        }
        Answer answer = action.apply(new Submission(
                request.getHeader(RequestSignature.KEY_ID_HEADER),
                request.getHeader(RequestSignature.SIGNATURE_HEADER),
                body,
                request.getHeader(IDEMPOTENCY_KEY),
                format));
        if (!answer.replayed()) {
            metrics.record(endpoint, answer.result(), start);
        }
        return render(answer);
    }

    private ResponseEntity<Object> counted(Answer answer) {
        if (answer.result() instanceof IntakeResult.Refused) {
            metrics.count(answer.result());
        }
        return render(answer);
    }

    private ResponseEntity<Object> tooLarge() {
        return Problems.of(ProblemType.PAYLOAD_TOO_LARGE, "The body must be at most " + maxBodyBytes + " bytes.");
    }

    static ResponseEntity<Object> render(Answer answer) {
        HttpHeaders headers = new HttpHeaders();
        if (answer.replayed()) {
            headers.set(REPLAYED, "true");
        }
        IntakeResult result = answer.result();
        if (result instanceof IntakeResult.Accepted accepted) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("alertId", accepted.alertId().toString());
            if (accepted.event() instanceof AlertLocationUpdated) {
                body.put("status", "LOCATION_UPDATED");
            } else {
                body.put("status", "ACCEPTED");
            }
            if (accepted.event() instanceof AlertRepeatPressed pressed) {
                body.put("repeatPress", true);
                body.put("pressCount", pressed.pressCount());
            }
            return ResponseEntity.accepted()
                    .headers(headers)
                    .location(URI.create("/api/v1/alerts/" + accepted.alertId()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body);
        }
        if (result instanceof IntakeResult.Cancelled cancelled) {
            return ResponseEntity.accepted()
                    .headers(headers)
                    .location(URI.create("/api/v1/alerts/" + cancelled.alertId()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("alertId", cancelled.alertId().toString(), "status", "CANCELLED"));
        }
        if (result instanceof IntakeResult.Found found) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(AlertStatus.of(found.alert()));
        }
        if (result instanceof IntakeResult.Listed listed) {
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of(
                            "alerts",
                            listed.alerts().stream().map(AlertStatus::of).toList()));
        }
        IntakeResult.Refused refused = (IntakeResult.Refused) result;
        logRefusal(answer, refused);
        if (refused.retryAfter() != null) {
            headers.set(
                    HttpHeaders.RETRY_AFTER,
                    String.valueOf(Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000)));
        }
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

    static boolean isCap(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return CAP_XML.equalsTypeAndSubtype(type) || MediaType.APPLICATION_XML.equalsTypeAndSubtype(type);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The body of {@code GET /api/v1/alerts/{alertId}} and the items of {@code GET /api/v1/alerts}. */
    record AlertStatus(
            String alertId,
            String status,
            String type,
            String severity,
            boolean drill,
            GeoPoint location,
            Double accuracyMeters,
            String occurredAt,
            int pressCount,
            String lastPressAt) {

        static AlertStatus of(AlertState alert) {
            return new AlertStatus(
                    alert.alertId().toString(),
                    alert.visibleStatus(),
                    alert.type().name(),
                    alert.severity().name(),
                    alert.drill(),
                    alert.location(),
                    alert.accuracyMeters(),
                    alert.raisedAt().toString(),
                    alert.pressCount(),
                    alert.lastPressAt().toString());
        }
    }
}
