package sos.dispatch;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The unit/ops API wants {@code Authorization: Bearer <token>}, compared in constant time: the ops token
 * ({@code SOS_DISPATCH_OPS_TOKEN}) opens every endpoint; a unit's own token opens the endpoints of that unit
 * ({@code /api/v1/units/{unitId}/...}) and nothing else; a gateway's token opens only the gateway endpoint
 * ({@link GatewayController}), for the units of its agencies (its {@link Gateways.Scope}, set as a request attribute).
 * Request bodies are bounded.
 */
final class OpsTokenInterceptor implements HandlerInterceptor {

    static final long MAX_BODY_BYTES = 4096;
    private static final String BEARER = "Bearer ";

    private final byte[] token;
    private final UnitTokens unitTokens;
    private final Gateways gateways;

    OpsTokenInterceptor(String token, UnitTokens unitTokens, Gateways gateways) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.unitTokens = unitTokens;
        this.gateways = gateways;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new OpsTokenException("Authorization: Bearer <ops token or unit token> is required");
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean ops = MessageDigest.isEqual(token, presented);
        long maxBody = MAX_BODY_BYTES;
        if (handler instanceof HandlerMethod method && method.getBeanType() == GatewayController.class) {
            Gateways.Scope scope = ops
                    ? Gateways.Scope.OPS
                    : gateways.match(presented)
                            .orElseThrow(() -> new OpsTokenException("the token is not a gateway's"));
            request.setAttribute(Gateways.Scope.ATTRIBUTE, scope);
            maxBody = GatewayController.MAX_BODY_BYTES;
        } else if (!ops && !unitTokenMatches(request, presented)) {
            throw new OpsTokenException("the token is not valid for this resource");
        }
        if (request.getContentLengthLong() > maxBody) {
            throw new BodyTooLargeException(maxBody);
        }
        return true;
    }

    private boolean unitTokenMatches(HttpServletRequest request, byte[] presented) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("unitId") instanceof String unitId) {
            return unitTokens.matches(unitId, presented);
        }
        return false;
    }

    static final class OpsTokenException extends RuntimeException {

        OpsTokenException(String message) {
            super(message);
        }
    }

    static final class BodyTooLargeException extends RuntimeException {

        BodyTooLargeException(long limit) {
            super("request bodies are limited to " + limit + " bytes");
        }
    }
}
