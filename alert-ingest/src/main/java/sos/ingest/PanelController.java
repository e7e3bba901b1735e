package sos.ingest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import sos.contracts.AlertType;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.auth.Authentication.Authenticated;
import sos.ingest.domain.consulate.Consulate;
import sos.ingest.domain.intake.AlertIntake;
import sos.ingest.domain.intake.Answer;
import sos.ingest.domain.intake.BodyParser;
import sos.ingest.domain.intake.IntakeResult;
import sos.ingest.domain.intake.InvalidBodyException;
import sos.ingest.domain.intake.MalformedBodyException;
import sos.ingest.domain.intake.Submission;
import sos.ingest.domain.lifecycle.AlertState;
import sos.ingest.domain.panel.DispatchProgress;
import sos.ingest.domain.panel.PanelSessions;
import sos.ingest.domain.panel.PanelSessions.Session;
import sos.ingest.domain.panel.PanelUsers;

/**
 * The consulate's web panel at {@code /panel}: a static page (HTML, script, style from {@code classpath:panel/}) and
 * its JSON API under {@code /panel/api}. A signed-in user acts as their consulate, and every action goes through
 * {@link AlertIntake} exactly like a signed API request (idempotency, validation, repeat presses, PIN and duress
 * rules, acks=all); only the authentication differs. {@link PanelFilter} checks the session and the CSRF token first.
 */
@RestController
@RequestMapping("/panel")
final class PanelController {

    private static final Logger log = LoggerFactory.getLogger(PanelController.class);
    private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");
    private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

    private final AlertIntake intake;
    private final PanelUsers users;
    private final PanelSessions sessions;
    private final DispatchProgress progress;
    private final ConsulateRegistryFile registry;
    private final BodyParser json;
    private final IngestMetrics metrics;
    private final PanelProperties properties;
    private final Clock clock;
    private final int maxBodyBytes;

    PanelController(
            AlertIntake intake,
            PanelUsers users,
            PanelSessions sessions,
            DispatchProgress progress,
            ConsulateRegistryFile registry,
            JsonBodyParser json,
            IngestMetrics metrics,
            PanelProperties properties,
            IngestProperties ingest,
            Clock clock) {
        this.intake = intake;
        this.users = users;
        this.sessions = sessions;
        this.progress = progress;
        this.registry = registry;
        this.json = json;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
        this.maxBodyBytes = ingest.maxBodyBytes();
    }

    // ------------------------------------------------------------------ the page

    @GetMapping({"", "/"})
    ResponseEntity<byte[]> page() throws IOException {
        return asset("panel/index.html", MediaType.parseMediaType("text/html;charset=UTF-8"));
    }

    @GetMapping("/panel.js")
    ResponseEntity<byte[]> script() throws IOException {
        return asset("panel/panel.js", JAVASCRIPT);
    }

    @GetMapping("/panel.css")
    ResponseEntity<byte[]> style() throws IOException {
        return asset("panel/panel.css", CSS);
    }

    static ResponseEntity<byte[]> asset(String path, MediaType type) throws IOException {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return ResponseEntity.ok()
                    .contentType(type)
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .body(in.readAllBytes());
        }
    }

    // ------------------------------------------------------------------ sign-in

    @PostMapping("/api/login")
    ResponseEntity<Object> login(HttpServletRequest request) throws IOException {
        Optional<ResponseEntity<Object>> refused = checkJson(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Map<String, Object> body;
        try {
            body = json.parse(read(request));
        } catch (MalformedBodyException | InvalidBodyException e) {
            return Problems.of(ProblemType.MALFORMED_JSON, "Send {\"username\": ..., \"password\": ...}.");
        }
        if (!(body.get("username") instanceof String username) || !(body.get("password") instanceof String password)) {
            return Problems.of(ProblemType.BAD_REQUEST, "Send {\"username\": ..., \"password\": ...}.");
        }
        PanelUsers.SignIn result = users.signIn(username, password, clock.instant());
        if (result instanceof PanelUsers.SignIn.Locked locked) {
            log.warn("panel sign-in refused: too many failures for one username");
            HttpHeaders headers = new HttpHeaders();
            headers.set(
                    HttpHeaders.RETRY_AFTER,
                    String.valueOf(Math.max(1, locked.retryAfter().toSeconds())));
            return Problems.of(
                    ProblemType.SIGN_IN_LOCKED,
                    "Too many failed sign-ins; try again later or call the control room.",
                    List.of(),
                    headers);
        }
        if (!(result instanceof PanelUsers.SignIn.SignedIn signedIn)) {
            log.info("panel sign-in failed");
            return Problems.of(ProblemType.SIGN_IN_FAILED, "Wrong username or password.");
        }
        sessions.end(PanelFilter.cookie(request));
        Session session = sessions.start(signedIn.user(), clock.instant());
        log.info(
                "panel sign-in: {} of {}",
                signedIn.user().username(),
                signedIn.user().consulateId());
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie(session.id(), sessions.maxAge()))
                .body(sessionView(session));
    }

    @PostMapping("/api/logout")
    ResponseEntity<Object> logout(@RequestAttribute(PanelFilter.SESSION_ATTRIBUTE) Session session) {
        sessions.end(session.id());
        return ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO))
                .build();
    }

    @GetMapping("/api/session")
    ResponseEntity<Object> session(@RequestAttribute(PanelFilter.SESSION_ATTRIBUTE) Session session) {
        return ResponseEntity.ok(sessionView(session));
    }

    private String cookie(String value, Duration maxAge) {
        return ResponseCookie.from(PanelFilter.COOKIE, value)
                .httpOnly(true)
                .secure(properties.secureCookie())
                .sameSite("Strict")
                .path("/panel")
                .maxAge(maxAge)
                .build()
                .toString();
    }

    private Map<String, Object> sessionView(Session session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", session.user().username());
        view.put("displayName", session.user().displayName());
        view.put("csrfToken", session.csrfToken());
        Optional<Consulate> consulate = registry.get().find(session.user().consulateId());
        view.put(
                "consulate",
                consulate.map(Consulate::name).orElse(session.user().consulateId()));
        view.put(
                "premises",
                consulate
                        .map(c -> c.premises().stream()
                                .map(p -> Map.of(
                                        "id", p.id(),
                                        "name", p.name(),
                                        "lat", p.location().lat(),
                                        "lon", p.location().lon()))
                                .toList())
                        .orElse(List.of()));
        view.put(
                "alertTypes",
                java.util.Arrays.stream(AlertType.values()).map(Enum::name).toList());
        return view;
    }

    // ------------------------------------------------------------------ alerts

    @GetMapping("/api/alerts")
    ResponseEntity<Object> open(@RequestAttribute(PanelFilter.SESSION_ATTRIBUTE) Session session) {
        Optional<Authenticated> sender = sender(session);
        if (sender.isEmpty()) {
            return gone();
        }
        Answer answer = intake.list(sender.get(), "open");
        if (answer.result() instanceof IntakeResult.Listed listed) {
            return ResponseEntity.ok(Map.of(
                    "alerts", listed.alerts().stream().map(this::statusView).toList()));
        }
        return AlertController.render(answer);
    }

    @GetMapping("/api/alerts/{alertId}")
    ResponseEntity<Object> status(
            @RequestAttribute(PanelFilter.SESSION_ATTRIBUTE) Session session, @PathVariable String alertId) {
        Optional<Authenticated> sender = sender(session);
        if (sender.isEmpty()) {
            return gone();
        }
        Answer answer = intake.status(sender.get(), alertId);
        if (answer.result() instanceof IntakeResult.Found found) {
            return ResponseEntity.ok(statusView(found.alert()));
        }
        return AlertController.render(answer);
    }

    @PostMapping("/api/alerts")
    ResponseEntity<Object> raise(
            @RequestAttribute(PanelFilter.SESSION_ATTRIBUTE) Session session, HttpServletRequest request)
            throws IOException {
        return withBody(session, request, "alerts", (sender, submission) -> intake.raise(sender, submission));
    }

    @PostMapping("/api/alerts/{alertId}/locations")
    ResponseEntity<Object> locate(
            @RequestAttribute(PanelFilter.SESSION_ATTRIBUTE) Session session,
            @PathVariable String alertId,
            HttpServletRequest request)
            throws IOException {
        return withBody(
                session, request, "locations", (sender, submission) -> intake.locate(sender, submission, alertId));
    }

    @PostMapping("/api/alerts/{alertId}/cancel")
    ResponseEntity<Object> cancel(
            @RequestAttribute(PanelFilter.SESSION_ATTRIBUTE) Session session,
            @PathVariable String alertId,
            HttpServletRequest request)
            throws IOException {
        return withBody(session, request, "cancel", (sender, submission) -> intake.cancel(sender, submission, alertId));
    }

    private ResponseEntity<Object> withBody(
            Session session,
            HttpServletRequest request,
            String endpoint,
            java.util.function.BiFunction<Authenticated, Submission, Answer> action)
            throws IOException {
        long start = System.nanoTime();
        Optional<ResponseEntity<Object>> refused = checkJson(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        byte[] body = read(request);
        if (body.length > maxBodyBytes) {
            return Problems.of(ProblemType.PAYLOAD_TOO_LARGE, "The body must be at most " + maxBodyBytes + " bytes.");
        }
        Optional<Authenticated> sender = sender(session);
        if (sender.isEmpty()) {
            return gone();
        }
        Answer answer = action.apply(
                sender.get(),
                new Submission(
                        null, null, body, request.getHeader(AlertController.IDEMPOTENCY_KEY), Submission.Format.JSON));
        if (!answer.replayed()) {
            metrics.record(endpoint, answer.result(), start);
        }
        return AlertController.render(answer);
    }

    private Optional<ResponseEntity<Object>> checkJson(HttpServletRequest request) {
        if (!AlertController.isJson(request.getContentType())) {
            return Optional.of(Problems.of(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as Content-Type: application/json (UTF-8)."));
        }
        return Optional.empty();
    }

    private byte[] read(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return in.readNBytes(maxBodyBytes + 1);
        }
    }

    /** The signed-in user acts as their consulate; the rate limits and rejections name the user. */
    private Optional<Authenticated> sender(Session session) {
        return registry.get()
                .find(session.user().consulateId())
                .map(consulate ->
                        new Authenticated(consulate, "panel:" + session.user().username()));
    }

    private ResponseEntity<Object> gone() {
        return Problems.of(ProblemType.SESSION_REQUIRED, "This account's consulate is no longer registered.");
    }

    /**
     * The alert as the panel shows it. A cancelled alert shows no units, whichever PIN cancelled it: after a duress
     * PIN the units keep going, and the screen must look exactly like a genuine cancel.
     */
    private Map<String, Object> statusView(AlertState alert) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("alertId", alert.alertId().toString());
        view.put("status", alert.visibleStatus());
        view.put("type", alert.type().name());
        view.put("severity", alert.severity().name());
        view.put("drill", alert.drill());
        view.put("location", alert.location());
        view.put("raisedAt", alert.raisedAt().toString());
        view.put("pressCount", alert.pressCount());
        if (!alert.open() && alert.status() != AlertState.Status.RESOLVED) {
            view.put("stage", "CANCELLED");
            view.put("units", List.of());
            return view;
        }
        Optional<DispatchProgress.Progress> dispatch = progress.of(alert.alertId());
        view.put(
                "stage",
                alert.status() == AlertState.Status.RESOLVED
                        ? "RESOLVED"
                        : dispatch.map(DispatchProgress.Progress::stage).orElse("ACCEPTED"));
        view.put(
                "units",
                dispatch.map(DispatchProgress.Progress::units).orElse(List.of()).stream()
                        .filter(u -> !u.status().equals("REPLACED"))
                        .toList());
        return view;
    }
}
