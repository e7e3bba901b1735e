package sos.ingest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.panel.PanelSessions;
import sos.ingest.domain.panel.PanelSessions.Session;

/**
 * Guards the consulate panel ({@code /panel/**}): security headers on every answer (a strict Content Security Policy:
 * only the panel's own scripts and styles, no inline code, no framing), a session (cookie {@value #COOKIE}) for
 * every {@code /panel/api/**} request but sign-in, and the session's CSRF token in {@value #CSRF_HEADER} on every
 * request that changes something. Bodies are bounded like the API's.
 */
@Component
final class PanelFilter extends OncePerRequestFilter {

    static final String COOKIE = "SOS_PANEL";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SESSION_ATTRIBUTE = "sos.panel.session";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final PanelSessions sessions;
    private final Clock clock;
    private final int maxBodyBytes;

    PanelFilter(PanelSessions sessions, Clock clock, IngestProperties properties) {
        this.sessions = sessions;
        this.clock = clock;
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/panel") || path.startsWith("/panel/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        securityHeaders(response);
        String path = request.getRequestURI();
        if (!path.startsWith("/panel/api/")) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        if (request.getContentLengthLong() > maxBodyBytes) {
            problem(response, ProblemType.PAYLOAD_TOO_LARGE, "The body must be at most " + maxBodyBytes + " bytes.");
            return;
        }
        if (path.equals("/panel/api/login")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Session> session = sessions.find(cookie(request), clock.instant());
        if (session.isEmpty()) {
            problem(response, ProblemType.SESSION_REQUIRED, "Sign in to the panel first.");
            return;
        }
        if (!"GET".equals(request.getMethod()) && !session.get().csrfMatches(request.getHeader(CSRF_HEADER))) {
            problem(response, ProblemType.CSRF_TOKEN_INVALID, "Reload the panel and try again.");
            return;
        }
        request.setAttribute(SESSION_ATTRIBUTE, session.get());
        chain.doFilter(request, response);
    }

    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Permissions-Policy", "geolocation=(self), camera=(), microphone=()");
    }

    static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static void problem(HttpServletResponse response, ProblemType type, String detail) throws IOException {
        response.setStatus(type.status());
        response.setContentType("application/problem+json");
        // type, title and detail are constants of this class and of ProblemType: nothing to escape
        byte[] body = ("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + type.status()
                        + ",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
