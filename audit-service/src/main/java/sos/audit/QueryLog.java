package sos.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import sos.audit.domain.Caller;

/** Who asked the audit API what, when, in {@code audit_query_log}. */
@Repository
class QueryLog {

    private static final Logger LOG = LoggerFactory.getLogger(QueryLog.class);
    private static final int MAX_QUERY = 2000;

    private final JdbcTemplate jdbc;

    QueryLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param caller null when the request carried no valid credential */
    void record(Caller caller, HttpServletRequest request, int status, Instant started, Instant finished) {
        String query = request.getQueryString();
        if (query != null && query.length() > MAX_QUERY) {
            query = query.substring(0, MAX_QUERY);
        }
        try {
            jdbc.update(
                    "INSERT INTO audit_query_log (asked_at, principal, role, consulate_id, method, path, query, status,"
                            + " duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    TrailRows.utc(started),
                    caller == null ? "anonymous" : caller.principal(),
                    caller == null ? "NONE" : caller.role().name(),
                    caller == null ? null : caller.consulateId(),
                    request.getMethod(),
                    truncate(request.getRequestURI()),
                    query,
                    status,
                    Duration.between(started, finished).toMillis());
        } catch (RuntimeException e) {
            LOG.warn("could not record a query of {} in the query log: {}", request.getRequestURI(), e.toString());
        }
    }

    List<Entry> after(long afterId, int limit) {
        return jdbc.query(
                "SELECT * FROM audit_query_log WHERE id > ? ORDER BY id LIMIT ?",
                (row, n) -> new Entry(
                        row.getLong("id"),
                        row.getObject("asked_at", OffsetDateTime.class).toInstant(),
                        row.getString("principal"),
                        row.getString("role"),
                        row.getString("consulate_id"),
                        row.getString("method"),
                        row.getString("path"),
                        row.getString("query"),
                        row.getInt("status"),
                        row.getLong("duration_ms")),
                afterId,
                limit);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_QUERY ? text : text.substring(0, MAX_QUERY);
    }

    record Entry(
            long id,
            Instant askedAt,
            String principal,
            String role,
            String consulateId,
            String method,
            String path,
            String query,
            int status,
            long durationMs) {}
}
