package sos.audit;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The monthly report per consulate, as HTML or PDF. */
@RestController
@RequestMapping("/api/v1/audit")
class ReportController {

    private final MonthlyReports reports;
    private final AccessContext access;

    ReportController(MonthlyReports reports, AccessContext access) {
        this.reports = reports;
        this.access = access;
    }

    /** The monthly report, as HTML ({@code format=html}, the default) or PDF ({@code format=pdf}). */
    @GetMapping(
            value = "/reports/monthly",
            produces = {MediaType.TEXT_HTML_VALUE, MediaType.APPLICATION_PDF_VALUE})
    ResponseEntity<?> monthly(
            @RequestParam(required = false) String consulateId,
            @RequestParam String month,
            @RequestParam(defaultValue = "html") String format) {
        return reports.render(access.caller(), consulateId, month, format);
    }
}
