package sos.audit;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import sos.audit.domain.AlertMilestones;
import sos.audit.domain.InvalidQueryException;
import sos.audit.domain.MilestoneStore;
import sos.audit.domain.MonthlyReport;

/** The monthly report per consulate, as HTML or PDF. */
@RestController
@RequestMapping("/api/v1/audit")
class ReportController {

    private final MilestoneStore milestones;
    private final AccessContext access;
    private final Map<AlertMilestones.Step, Duration> targets;

    ReportController(MilestoneStore milestones, AccessContext access, AuditProperties properties) {
        this.milestones = milestones;
        this.access = access;
        AuditProperties.Kpi kpi = properties.kpi();
        Map<AlertMilestones.Step, Duration> t = new EnumMap<>(AlertMilestones.Step.class);
        t.put(AlertMilestones.Step.ACCEPT, kpi.acceptTarget());
        t.put(AlertMilestones.Step.DISPATCH, kpi.dispatchTarget());
        t.put(AlertMilestones.Step.UNIT_ACKNOWLEDGEMENT, kpi.acknowledgementTarget());
        t.put(AlertMilestones.Step.ON_SCENE, kpi.onSceneTarget());
        this.targets = Map.copyOf(t);
    }

    /** The monthly report, as HTML ({@code format=html}, the default) or PDF ({@code format=pdf}). */
    @GetMapping(
            value = "/reports/monthly",
            produces = {MediaType.TEXT_HTML_VALUE, MediaType.APPLICATION_PDF_VALUE})
    ResponseEntity<?> monthly(
            @RequestParam(required = false) String consulateId,
            @RequestParam String month,
            @RequestParam(defaultValue = "html") String format) {
        boolean pdf = switch (format) {
            case "pdf" -> true;
            case "html" -> false;
            default -> throw new InvalidQueryException("format must be html or pdf");
        };
        String consulate = access.scopeConsulate(consulateId);
        if (consulate == null) {
            throw new InvalidQueryException("consulateId is required");
        }
        YearMonth period;
        try {
            period = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException("month must be yyyy-MM");
        }
        MonthlyReport report = new MonthlyReport(
                consulate,
                milestones.consulateName(consulate).orElse(null),
                period,
                milestones.milestones(
                        period.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                        period.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                        null,
                        consulate),
                targets);
        if (pdf) {
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"sos-report-" + period + ".pdf\"")
                    .body(MonthlyReportPdf.render(report));
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .body(report.html());
    }
}
