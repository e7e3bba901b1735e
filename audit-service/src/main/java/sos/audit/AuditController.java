package sos.audit;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import sos.audit.domain.AuditTrail;
import sos.audit.domain.ChainVerification;

/** The analysts' read API. Authorization is checked before a request gets here ({@link AnalystAuthInterceptor}). */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/alerts/{alertId}/timeline")
    TimelineView timeline(@PathVariable UUID alertId) {
        return trail.timelineOf(alertId).map(TimelineView::of).orElseThrow(() -> new AlertNotFoundException(alertId));
    }

    @GetMapping("/verify")
    ChainVerification.Result verify() {
        return trail.verify();
    }

    @GetMapping("/events")
    EventPageView events(@RequestParam(required = false) Integer limit, @RequestParam(required = false) Long afterSeq) {
        return EventPageView.of(trail.events(limit, afterSeq));
    }
}
