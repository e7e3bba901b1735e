package sos.audit;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import sos.audit.domain.Caller;
import sos.audit.domain.Credentials;

/**
 * Signing in to the explorer: the analyst's (admin's, consulate's) audit token is presented once in a form and
 * exchanged for a session cookie ({@code HttpOnly}, {@code SameSite=Strict}, path {@code /explorer}); the token is
 * never stored, echoed or logged. The form itself carries a one-time token matched by a cookie (no login CSRF).
 */
@Controller
@Hidden // pages for people, not part of the API document
@RequestMapping("/explorer")
class ExplorerSignIn {

    static final String SIGN_IN_COOKIE = "SOS_AUDIT_SIGN_IN";
    private static final int MAX_TOKEN = 512;

    private final Credentials credentials;
    private final ExplorerSessions sessions;
    private final QueryLog queryLog;
    private final Clock clock;

    ExplorerSignIn(Credentials credentials, ExplorerSessions sessions, QueryLog queryLog, Clock clock) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.queryLog = queryLog;
        this.clock = clock;
    }

    @GetMapping("/sign-in")
    String form(
            @RequestParam(required = false) String next,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        return showForm(safeNext(next), null, request, response, model);
    }

    @PostMapping("/sign-in")
    String signIn(
            @RequestParam(required = false) String token,
            @RequestParam(name = ExplorerAccessInterceptor.CSRF_PARAMETER, required = false) String csrf,
            @RequestParam(required = false) String next,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Instant started = clock.instant();
        String back = safeNext(next);
        if (request.getQueryString() != null) {
            // the token belongs in the form's body only: an address ends up in logs and histories (and in the query
            // log, so the address is left out of this refusal's entry)
            queryLog.record(null, withoutQuery(request), 400, started, clock.instant());
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return showForm(back, "Sign in with the form.", request, response, model);
        }
        String expected = ExplorerAccessInterceptor.cookie(request, SIGN_IN_COOKIE);
        if (expected == null || csrf == null || !ExplorerSessions.sameSecret(expected, csrf)) {
            queryLog.record(null, request, 403, started, clock.instant());
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return showForm(back, "This form has expired. Please sign in again.", request, response, model);
        }
        Optional<Caller> caller = token == null || token.isBlank() || token.length() > MAX_TOKEN
                ? Optional.empty()
                : credentials.authenticate("Bearer " + token.strip());
        if (caller.isEmpty()) {
            queryLog.record(null, request, 401, started, clock.instant());
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            return showForm(back, "That token is not valid.", request, response, model);
        }
        Optional<ExplorerSessions.Session> session = sessions.open(caller.get());
        if (session.isEmpty()) {
            queryLog.record(caller.get(), request, 503, started, clock.instant());
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            return showForm(back, "Too many open sessions; try again later.", request, response, model);
        }
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                cookie(
                        request,
                        ExplorerAccessInterceptor.SESSION_COOKIE,
                        session.get().id(),
                        "/explorer",
                        -1));
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, SIGN_IN_COOKIE, "", "/explorer/sign-in", 0));
        queryLog.record(caller.get(), request, HttpStatus.SEE_OTHER.value(), started, clock.instant());
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader(HttpHeaders.LOCATION, request.getContextPath() + back);
        return null;
    }

    /** Ends the session (a form with the session's CSRF token; checked by {@link ExplorerAccessInterceptor}). */
    @PostMapping("/sign-out")
    String signOut(HttpServletRequest request, HttpServletResponse response) {
        sessions.close(ExplorerAccessInterceptor.cookie(request, ExplorerAccessInterceptor.SESSION_COOKIE));
        response.addHeader(
                HttpHeaders.SET_COOKIE, cookie(request, ExplorerAccessInterceptor.SESSION_COOKIE, "", "/explorer", 0));
        return "redirect:/explorer/sign-in";
    }

    private String showForm(
            String next, String problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        String formToken = ExplorerSessions.randomToken();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, SIGN_IN_COOKIE, formToken, "/explorer/sign-in", -1));
        model.addAttribute("formToken", formToken);
        model.addAttribute("next", next);
        model.addAttribute("problem", problem);
        return "explorer/sign-in";
    }

    private static HttpServletRequest withoutQuery(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getQueryString() {
                return null;
            }
        };
    }

    /** Where to go after signing in: a page of the explorer only (never another site). */
    static String safeNext(String next) {
        if (next == null
                || !next.startsWith("/explorer/")
                || next.startsWith("/explorer/sign-")
                || next.contains("\\")
                || next.contains("//")
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/explorer/events";
        }
        return next;
    }

    private static String cookie(HttpServletRequest request, String name, String value, String path, long maxAge) {
        return ResponseCookie.from(name, value)
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Strict")
                .path(request.getContextPath() + path)
                .maxAge(maxAge)
                .build()
                .toString();
    }
}
