package sos.dispatch;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import sos.contracts.GeoPoint;
import sos.dispatch.domain.Dispatcher;
import sos.dispatch.domain.OpenAlert;
import sos.dispatch.domain.Resolution;
import sos.dispatch.domain.UnitChange;

/**
 * The control-room board at {@code /board}: a static page (HTML, script, style and Karachi's district outlines from
 * {@code classpath:board/}) and its JSON API under {@code /board/api}. An operator signs in with the ops token and
 * their name; every action goes through the {@link Dispatcher} and is published like the ops API's (acks=all), with a
 * reason naming the operator. {@link BoardFilter} checks the session and the CSRF token first.
 */
@RestController
@RequestMapping("/board")
final class BoardController {

    private static final Logger log = LoggerFactory.getLogger(BoardController.class);

    private final Dispatcher dispatcher;
    private final EventPublisher publisher;
    private final BoardSessions sessions;
    private final byte[] opsToken;
    private final boolean secureCookie;

    BoardController(
            Dispatcher dispatcher,
            EventPublisher publisher,
            BoardSessions sessions,
            DispatchProperties properties,
            @Value("${sos.dispatch.board.secure-cookie:false}") boolean secureCookie) {
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.sessions = sessions;
        this.opsToken = properties.opsToken().getBytes(StandardCharsets.UTF_8);
        this.secureCookie = secureCookie;
    }

    // ------------------------------------------------------------------ the page

    @GetMapping({"", "/"})
    ResponseEntity<byte[]> page() throws IOException {
        return asset("board/index.html", "text/html;charset=UTF-8");
    }

    @GetMapping("/board.js")
    ResponseEntity<byte[]> script() throws IOException {
        return asset("board/board.js", "text/javascript;charset=UTF-8");
    }

    @GetMapping("/board.css")
    ResponseEntity<byte[]> style() throws IOException {
        return asset("board/board.css", "text/css;charset=UTF-8");
    }

    @GetMapping("/karachi-districts.geojson")
    ResponseEntity<byte[]> districts() throws IOException {
        return asset("board/karachi-districts.geojson", "application/geo+json");
    }

    private static ResponseEntity<byte[]> asset(String path, String type) throws IOException {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(type))
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .body(in.readAllBytes());
        }
    }

    // ------------------------------------------------------------------ sign-in

    record Login(
            @NotBlank @Size(max = 200) String token,
            @NotBlank @Size(max = 100) String operator) {}

    @PostMapping("/api/login")
    ResponseEntity<Object> login(@Valid @RequestBody Login login, HttpServletRequest request) {
        if (!MessageDigest.isEqual(opsToken, login.token().trim().getBytes(StandardCharsets.UTF_8))) {
            log.warn("board sign-in refused: wrong ops token");
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "the ops token is not correct");
            problem.setType(java.net.URI.create(ProblemHandler.TYPES + "unauthorized"));
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        sessions.end(BoardFilter.cookie(request));
        BoardSessions.Session session = sessions.start(login.operator().strip());
        log.info("board sign-in: {}", session.operator());
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie(session.id(), BoardSessions.MAX_AGE))
                .body(sessionView(session));
    }

    @PostMapping("/api/logout")
    ResponseEntity<Void> logout(@RequestAttribute(BoardFilter.SESSION_ATTRIBUTE) BoardSessions.Session session) {
        sessions.end(session.id());
        return ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO))
                .build();
    }

    @GetMapping("/api/session")
    Map<String, Object> session(@RequestAttribute(BoardFilter.SESSION_ATTRIBUTE) BoardSessions.Session session) {
        return sessionView(session);
    }

    private static Map<String, Object> sessionView(BoardSessions.Session session) {
        return Map.of("operator", session.operator(), "csrfToken", session.csrfToken());
    }

    private String cookie(String value, Duration maxAge) {
        return ResponseCookie.from(BoardFilter.COOKIE, value)
                .httpOnly(true)
                .secure(secureCookie)
                .sameSite("Strict")
                .path("/board")
                .maxAge(maxAge)
                .build()
                .toString();
    }

    // ------------------------------------------------------------------ the live state

    @GetMapping("/api/state")
    BoardState state() {
        return new BoardState(
                Instant.now(),
                dispatcher.openAlerts().stream().map(AlertView::of).toList(),
                dispatcher.units().stream().map(OpsController.UnitView::of).toList());
    }

    record BoardState(Instant serverTime, List<AlertView> alerts, List<OpsController.UnitView> units) {}

    record AlertView(
            UUID alertId,
            String type,
            String severity,
            boolean drill,
            String consulateName,
            String premises,
            String district,
            GeoPoint location,
            Instant raisedAt,
            Instant decidedAt,
            int requested,
            String escalation,
            List<AlertUnitView> units) {

        static AlertView of(OpenAlert alert) {
            return new AlertView(
                    alert.alertId(),
                    alert.type() == null ? null : alert.type().name(),
                    alert.severity() == null ? null : alert.severity().name(),
                    alert.drill(),
                    alert.consulateName() == null ? alert.consulateId() : alert.consulateName(),
                    alert.premises(),
                    alert.district(),
                    alert.location(),
                    alert.raisedAt(),
                    alert.decidedAt(),
                    alert.requested(),
                    alert.escalation(),
                    alert.units().stream()
                            .map(u -> new AlertUnitView(
                                    u.state().unitId(),
                                    u.state().unit().callSign(),
                                    u.state().unit().agency().name(),
                                    u.state().unit().capability().name(),
                                    u.state().status().name(),
                                    u.state().acknowledged(),
                                    u.state().ackDeadline(),
                                    u.etaSeconds()))
                            .toList());
        }
    }

    record AlertUnitView(
            String unitId,
            String callSign,
            String agency,
            String capability,
            String status,
            boolean acknowledged,
            Instant ackDeadline,
            Integer etaSeconds) {}

    // ------------------------------------------------------------------ actions, each an event with its reason

    record Reason(@NotBlank @Size(max = 500) String reason) {}

    @PostMapping("/api/alerts/{alertId}/resolve")
    OpsController.ResolutionView resolve(
            @RequestAttribute(BoardFilter.SESSION_ATTRIBUTE) BoardSessions.Session session,
            @PathVariable UUID alertId,
            @Valid @RequestBody Reason reason) {
        Resolution resolution = publisher.apply(
                () -> dispatcher.resolve(
                        alertId, session.operator(), reason.reason().strip()),
                Resolution::events);
        log.info("Alert {} resolved on the board by {}", alertId, session.operator());
        return OpsController.ResolutionView.of(resolution.resolved(), resolution.alreadyResolved());
    }

    @PostMapping("/api/alerts/{alertId}/units/{unitId}/reassign")
    Map<String, Object> reassign(
            @RequestAttribute(BoardFilter.SESSION_ATTRIBUTE) BoardSessions.Session session,
            @PathVariable UUID alertId,
            @PathVariable String unitId,
            @Valid @RequestBody Reason reason) {
        var events = publisher.apply(
                () -> dispatcher.reassign(
                        alertId, unitId, session.operator(), reason.reason().strip()),
                e -> e);
        log.info("Unit {} reassigned on alert {} by {}", unitId, alertId, session.operator());
        return Map.of("alertId", alertId, "unitId", unitId, "events", events.size());
    }

    @PostMapping("/api/units/{unitId}/acknowledge")
    OpsController.UnitView acknowledge(
            @RequestAttribute(BoardFilter.SESSION_ATTRIBUTE) BoardSessions.Session session,
            @PathVariable String unitId) {
        UnitChange change =
                publisher.apply(() -> dispatcher.acknowledge(unitId, session.operator()), UnitChange::events);
        return OpsController.UnitView.of(change.state());
    }
}
