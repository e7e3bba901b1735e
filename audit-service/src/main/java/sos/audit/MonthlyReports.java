package sos.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import sos.audit.domain.AlertMilestones;
import sos.audit.domain.Caller;
import sos.audit.domain.InvalidQueryException;
import sos.audit.domain.MilestoneStore;
import sos.audit.domain.MonthlyReport;

/** The monthly report of one consulate, as the API and the explorer serve it (HTML or PDF). */
@Component
class MonthlyReports {

    private final MilestoneStore milestones;
    private final Map<AlertMilestones.Step, Duration> targets;

    MonthlyReports(MilestoneStore milestones, AuditProperties properties) {
        this.milestones = milestones;
        AuditProperties.Kpi kpi = properties.kpi();
        Map<AlertMilestones.Step, Duration> t = new EnumMap<>(AlertMilestones.Step.class);
        t.put(AlertMilestones.Step.ACCEPT, kpi.acceptTarget());
        t.put(AlertMilestones.Step.DISPATCH, kpi.dispatchTarget());
        t.put(AlertMilestones.Step.UNIT_ACKNOWLEDGEMENT, kpi.acknowledgementTarget());
        t.put(AlertMilestones.Step.ON_SCENE, kpi.onSceneTarget());
        this.targets = Map.copyOf(t);
    }

    /**
     * The report as this caller may read it: a consulate only its own.
     *
     * @param format {@code html} or {@code pdf}
     */
    ResponseEntity<?> render(Caller caller, String consulateId, String month, String format) {
        boolean pdf = switch (format) {
            case "pdf" -> true;
            case "html" -> false;
            default -> throw new InvalidQueryException("format must be html or pdf");
        };
        String consulate = caller.scopeConsulate(consulateId == null || consulateId.isBlank() ? null : consulateId);
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
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .body(report.html());
    }
}
