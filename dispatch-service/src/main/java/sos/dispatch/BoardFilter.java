package sos.dispatch;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the control-room board ({@code /board/**}): security headers on every answer (a strict Content Security
 * Policy: only the board's own script and style, no inline code, no framing, no other origin: the map is drawn from
 * the district outlines bundled here, no tile server), a session (cookie {@value #COOKIE}) for every
 * {@code /board/api/**} request but sign-in, the session's CSRF token in {@value #CSRF_HEADER} on every request that
 * changes something, and bounded bodies.
 */
@Component
final class BoardFilter extends OncePerRequestFilter {

    static final String COOKIE = "SOS_BOARD";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SESSION_ATTRIBUTE = "sos.board.session";
    static final long MAX_BODY_BYTES = OpsTokenInterceptor.MAX_BODY_BYTES;
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final BoardSessions sessions;

    BoardFilter(BoardSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/board") || path.startsWith("/board/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        String path = request.getRequestURI();
        if (!path.startsWith("/board/api/")) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            problem(response, 413, "body-too-large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
            return;
        }
        if (path.equals("/board/api/login")) {
            chain.doFilter(new Bounded(request), response);
            return;
        }
        Optional<BoardSessions.Session> session = sessions.find(cookie(request));
        if (session.isEmpty()) {
            problem(response, 401, "unauthorized", "sign in to the board first");
            return;
        }
        if (!"GET".equals(request.getMethod()) && !session.get().csrfMatches(request.getHeader(CSRF_HEADER))) {
            problem(response, 403, "csrf-token-invalid", "missing or wrong CSRF token; reload the board");
            return;
        }
        request.setAttribute(SESSION_ATTRIBUTE, session.get());
        chain.doFilter(new Bounded(request), response);
    }

    /** A body sent without Content-Length (chunked) is cut off after {@link #MAX_BODY_BYTES}: the read fails. */
    static final class Bounded extends jakarta.servlet.http.HttpServletRequestWrapper {

        Bounded(HttpServletRequest request) {
            super(request);
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() throws IOException {
            jakarta.servlet.ServletInputStream in = super.getInputStream();
            return new jakarta.servlet.ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > MAX_BODY_BYTES) {
                        throw new IOException("request body over " + MAX_BODY_BYTES + " bytes");
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0 && (read += n) > MAX_BODY_BYTES) {
                        throw new IOException("request body over " + MAX_BODY_BYTES + " bytes");
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(jakarta.servlet.ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }

    static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** slug and detail are constants of this class: nothing to escape. */
    private static void problem(HttpServletResponse response, int status, String slug, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        byte[] body = ("{\"type\":\"" + ProblemHandler.TYPES + slug + "\",\"status\":" + status + ",\"detail\":\""
                        + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
