package sos.audit;

import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import sos.audit.domain.AuditTrail;
import sos.audit.domain.Caller;
import sos.audit.domain.ChainVerification;
import sos.audit.domain.DeadLetterStore;
import sos.audit.domain.EventFilter;
import sos.audit.domain.InvalidQueryException;

/** The analysts' read API. Authorization is checked before a request gets here ({@link AnalystAuthInterceptor}). */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    private final AuditTrail trail;
    private final DeadLetterStore deadLetters;
    private final AccessContext access;
    private final QueryLog queryLog;

    AuditController(AuditTrail trail, DeadLetterStore deadLetters, AccessContext access, QueryLog queryLog) {
        this.trail = trail;
        this.deadLetters = deadLetters;
        this.access = access;
        this.queryLog = queryLog;
    }

    /** The query log, oldest first (admins only). */
    @GetMapping("/queries")
    java.util.List<QueryLog.Entry> queries(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) Long afterId) {
        int size = limit == null ? AuditTrail.DEFAULT_PAGE_SIZE : limit;
        long after = afterId == null ? 0 : afterId;
        if (size < 1 || size > AuditTrail.MAX_PAGE_SIZE || after < 0) {
            throw new InvalidQueryException(
                    "limit must be between 1 and " + AuditTrail.MAX_PAGE_SIZE + " and afterId not negative");
        }
        return queryLog.after(after, size);
    }

    /** What the services could not read or process, from their dead-letter topics, oldest first. */
    @GetMapping("/dead-letters")
    DeadLetterView deadLetters(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) Long afterId) {
        int size = limit == null ? AuditTrail.DEFAULT_PAGE_SIZE : limit;
        long after = afterId == null ? 0 : afterId;
        if (size < 1 || size > AuditTrail.MAX_PAGE_SIZE || after < 0) {
            throw new InvalidQueryException(
                    "limit must be between 1 and " + AuditTrail.MAX_PAGE_SIZE + " and afterId not negative");
        }
        return DeadLetterView.of(deadLetters.after(after, size), after);
    }

    @GetMapping("/alerts/{alertId}/timeline")
    TimelineView timeline(@PathVariable UUID alertId) {
        Caller caller = access.caller();
        return trail.timelineOf(alertId, caller)
                .map(TimelineView::of)
                .orElseThrow(() -> new AlertNotFoundException(alertId));
    }

    @GetMapping("/verify")
    ChainVerification.Result verify() {
        return trail.verify();
    }

    @GetMapping("/events")
    EventPageView events(
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Long afterSeq,
            @RequestParam(required = false) Long beforeSeq,
            @RequestParam(required = false) UUID alertId,
            @RequestParam(required = false) String consulateId,
            @RequestParam(required = false) String alertType,
            @RequestParam(required = false) String district,
            @RequestParam(required = false) String agency,
            @RequestParam(required = false) String unitId,
            @RequestParam(required = false) String eventType,
            @RequestParam(required = false) Boolean drill,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        EventFilter filter = access.scope(
                new EventFilter(alertId, consulateId, alertType, district, agency, unitId, eventType, drill, from, to));
        return EventPageView.of(trail.events(filter, limit, afterSeq, beforeSeq));
    }
}
