package sos.audit;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.UriComponentsBuilder;
import sos.audit.domain.Credentials;
import sos.audit.domain.ForbiddenQueryException;

/**
 * The explorer's pages are for a signed-in session only: without one a page redirects to the sign-in form (and comes
 * back after it); a form posted without the session's CSRF token is refused. Every page request, allowed or not, goes
 * to the query log as an API request does (the recording is {@link AccessInterceptor}'s).
 */
class ExplorerAccessInterceptor extends AccessInterceptor {

    static final String SESSION_COOKIE = "SOS_AUDIT_SESSION";
    static final String SESSION = "sos.audit.explorer.session";
    static final String CSRF_PARAMETER = "_csrf";

    private final ExplorerSessions sessions;

    ExplorerAccessInterceptor(Credentials credentials, QueryLog queryLog, Clock clock, ExplorerSessions sessions) {
        super(credentials, queryLog, clock);
        this.sessions = sessions;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Instant started = clock.instant();
        request.setAttribute(STARTED, started);
        Optional<ExplorerSessions.Session> session = sessions.find(cookie(request, SESSION_COOKIE));
        if (session.isEmpty()) {
            queryLog.record(null, request, HttpStatus.UNAUTHORIZED.value(), started, clock.instant());
            response.setStatus(HttpStatus.SEE_OTHER.value());
            response.setHeader(HttpHeaders.LOCATION, signInLocation(request));
            return false;
        }
        if ("POST".equals(request.getMethod()) && !session.get().acceptsCsrf(request.getParameter(CSRF_PARAMETER))) {
            queryLog.record(session.get().caller(), request, 403, started, clock.instant());
            throw new ForbiddenQueryException("this form has expired: reload the page and try again");
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/explorer/chain") && session.get().caller().isConsulate()) {
            queryLog.record(session.get().caller(), request, 403, started, clock.instant());
            throw new ForbiddenQueryException("a consulate's credential may not do this");
        }
        request.setAttribute(CALLER, session.get().caller());
        request.setAttribute(SESSION, session.get());
        return true;
    }

    /** The sign-in form, asked to come back to this page (GET) or to the explorer's start (anything else). */
    static String signInLocation(HttpServletRequest request) {
        String back = "/explorer/events";
        if ("GET".equals(request.getMethod())) {
            back = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        }
        return UriComponentsBuilder.fromPath(request.getContextPath() + "/explorer/sign-in")
                .queryParam("next", "{next}")
                .encode()
                .buildAndExpand(back)
                .toUriString();
    }

    static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
