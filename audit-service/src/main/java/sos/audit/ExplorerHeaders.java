package sos.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every explorer response: a Content-Security-Policy that allows no script at all and styles,
 * images and forms from this origin only (the pages need no script: charts are SVG drawn by the server), no sniffing,
 * no referrer, no caching of pages that show the trail.
 */
class ExplorerHeaders extends OncePerRequestFilter {

    static final String POLICY = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self';"
            + " frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";
    /** The monthly report's own HTML (an inline style sheet), shown in a sandboxed frame of the report page. */
    static final String REPORT_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }
}
