package sos.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import sos.audit.domain.AnalystTokens;

/** Lets a request to the audit API through only with {@code Authorization: Bearer <analyst token>}. */
class AnalystAuthInterceptor implements HandlerInterceptor {

    private final AnalystTokens tokens;

    AnalystAuthInterceptor(AnalystTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        AnalystTokens.Verdict verdict = tokens.check(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (verdict != AnalystTokens.Verdict.ACCEPTED) {
            throw new AnalystUnauthorizedException(verdict);
        }
        return true;
    }
}
