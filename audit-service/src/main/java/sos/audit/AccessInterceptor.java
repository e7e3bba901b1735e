package sos.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import sos.audit.domain.AnalystTokens;
import sos.audit.domain.Caller;
import sos.audit.domain.Credentials;
import sos.audit.domain.ForbiddenQueryException;

/**
 * Lets a request to the audit API through only with a configured bearer token, checks the caller's role may use the
 * endpoint, and records every request, allowed or not, in the query log (who asked what, when, and the answer's status).
 */
class AccessInterceptor implements HandlerInterceptor {

    static final String CALLER = "sos.audit.caller";
    static final String STARTED = "sos.audit.started";

    private final Credentials credentials;
    final QueryLog queryLog;
    final Clock clock;

    AccessInterceptor(Credentials credentials, QueryLog queryLog, Clock clock) {
        this.credentials = credentials;
        this.queryLog = queryLog;
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Instant started = clock.instant();
        request.setAttribute(STARTED, started);
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        Optional<Caller> caller = credentials.authenticate(header);
        if (caller.isEmpty()) {
            queryLog.record(null, request, 401, started, clock.instant());
            throw new AnalystUnauthorizedException(
                    header == null || header.isBlank() ? AnalystTokens.Verdict.MISSING : AnalystTokens.Verdict.INVALID);
        }
        String refusal = refusal(caller.get(), request);
        if (refusal != null) {
            queryLog.record(caller.get(), request, 403, started, clock.instant());
            throw new ForbiddenQueryException(refusal);
        }
        request.setAttribute(CALLER, caller.get());
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        Caller caller = (Caller) request.getAttribute(CALLER);
        Instant started = (Instant) request.getAttribute(STARTED);
        if (caller != null && started != null) {
            queryLog.record(caller, request, response.getStatus(), started, clock.instant());
        }
    }

    /** Why this caller may not use this endpoint, or null when it may. */
    static String refusal(Caller caller, HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean adminOnly = ("POST".equals(request.getMethod()) && path.equals("/api/v1/audit/checkpoints"))
                || path.startsWith("/api/v1/audit/queries");
        if (adminOnly && caller.role() != Caller.Role.ADMIN) {
            return "only an admin may do this";
        }
        boolean staffOnly = path.startsWith("/api/v1/audit/verify") || path.startsWith("/api/v1/audit/dead-letters");
        if (staffOnly && caller.isConsulate()) {
            return "a consulate's credential may not do this";
        }
        return null;
    }
}
