package sos.dispatch;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/** The unit/ops API wants {@code Authorization: Bearer <SOS_DISPATCH_OPS_TOKEN>}; compared in constant time. */
final class OpsTokenInterceptor implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    OpsTokenInterceptor(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new OpsTokenException("Authorization: Bearer <ops token> is required");
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, presented)) {
            throw new OpsTokenException("the ops token is not valid");
        }
        return true;
    }

    static final class OpsTokenException extends RuntimeException {

        OpsTokenException(String message) {
            super(message);
        }
    }
}
