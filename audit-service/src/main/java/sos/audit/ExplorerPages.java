package sos.audit;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import sos.audit.domain.AlertMilestones;
import sos.audit.domain.AuditTrail;
import sos.audit.domain.Caller;
import sos.audit.domain.Checkpoints;
import sos.audit.domain.EventFilter;
import sos.audit.domain.EventPage;
import sos.audit.domain.InvalidQueryException;
import sos.audit.domain.MilestoneStore;
import sos.audit.domain.ResponseKpis;
import sos.audit.domain.Timeline;

/**
 * The analyst explorer's pages: the trail with filters and keyset paging, one alert's timeline, response-time charts,
 * the chain's state, the monthly report, and downloads. Each reads what the audit API reads, for the signed-in caller
 * (a consulate sees only its own alerts).
 */
@Controller
@Hidden // pages for people, not part of the API document
@RequestMapping("/explorer")
class ExplorerPages {

    private final AuditTrail trail;
    private final MilestoneStore milestones;
    private final Checkpoints checkpoints;
    private final MonthlyReports reports;
    private final AccessContext access;
    private final Clock clock;

    ExplorerPages(
            AuditTrail trail,
            MilestoneStore milestones,
            Checkpoints checkpoints,
            MonthlyReports reports,
            AccessContext access,
            Clock clock) {
        this.trail = trail;
        this.milestones = milestones;
        this.checkpoints = checkpoints;
        this.reports = reports;
        this.access = access;
        this.clock = clock;
    }

    @GetMapping({"", "/"})
    String start() {
        return "redirect:/explorer/events";
    }

    /** The trail, newest first, a page at a time by keyset on seq. */
    @GetMapping("/events")
    String events(@ModelAttribute("query") ExplorerTrailQuery query, Model model) {
        model.addAttribute("page", "events");
        EventPage page;
        try {
            EventFilter filter = access.scope(query.toFilter());
            page = trail.events(filter, query.pageSize(), query.afterSeq(), query.beforeSeq());
        } catch (InvalidQueryException e) {
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("rows", List.of());
            return "explorer/events";
        }
        List<ExplorerRows.EventRow> rows =
                new ArrayList<>(page.events().stream().map(ExplorerRows::row).toList());
        rows.sort(Comparator.comparingLong(ExplorerRows.EventRow::seq).reversed());
        model.addAttribute("rows", rows);
        if (!rows.isEmpty()) {
            long newest = rows.get(0).seq();
            long oldest = rows.get(rows.size() - 1).seq();
            if (oldest > 1) {
                model.addAttribute("olderHref", query.link("/explorer/events", paging("beforeSeq", oldest, query)));
            }
            if (query.afterSeq() != null || query.beforeSeq() != null) {
                model.addAttribute("newerHref", query.link("/explorer/events", paging("afterSeq", newest, query)));
            }
        }
        model.addAttribute("latestHref", query.link("/explorer/events", paging(null, 0, query)));
        model.addAttribute("csvHref", query.link("/explorer/export", Map.of("format", "csv")));
        model.addAttribute("ndjsonHref", query.link("/explorer/export", Map.of("format", "ndjson")));
        return "explorer/events";
    }

    /** Every event of one alert in the order it happened, with the time since the first. */
    @GetMapping("/alerts/{alertId}")
    String timeline(@PathVariable UUID alertId, Model model) {
        Caller caller = access.caller();
        Timeline timeline = trail.timelineOf(alertId, caller).orElseThrow(() -> new AlertNotFoundException(alertId));
        model.addAttribute("page", "events");
        model.addAttribute("alertId", alertId);
        model.addAttribute("facts", ExplorerRows.facts(timeline));
        model.addAttribute("rows", ExplorerRows.rows(timeline));
        ExplorerTrailQuery ofAlert = new ExplorerTrailQuery(
                alertId.toString(), null, null, null, null, null, null, null, null, null, null, null, null);
        model.addAttribute("csvHref", ofAlert.link("/explorer/export", Map.of("format", "csv")));
        model.addAttribute("ndjsonHref", ofAlert.link("/explorer/export", Map.of("format", "ndjson")));
        return "explorer/timeline";
    }

    /** Response times of the alerts raised in [from, to), by district and by alert type. */
    @GetMapping("/kpis")
    String kpis(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String drill,
            @RequestParam(required = false) String consulateId,
            Model model) {
        model.addAttribute("page", "kpis");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String fromText = from == null || from.isBlank() ? today.minusDays(30).toString() : from;
        String toText = to == null || to.isBlank() ? today.plusDays(1).toString() : to;
        Map<String, String> form = new HashMap<>();
        form.put("from", fromText);
        form.put("to", toText);
        form.put("drill", drill == null ? "false" : drill);
        form.put("consulateId", consulateId == null ? "" : consulateId);
        model.addAttribute("form", form);
        try {
            Instant start = day("from", fromText);
            Instant end = day("to", toText);
            if (!start.isBefore(end)) {
                throw new InvalidQueryException("from must be before to");
            }
            Boolean drillOnly = switch (form.get("drill")) {
                case "true" -> true;
                case "false" -> false;
                case "" -> null;
                default -> throw new InvalidQueryException("drill must be true, false or empty");
            };
            String consulate = access.scopeConsulate(consulateId == null || consulateId.isBlank() ? null : consulateId);
            List<AlertMilestones> alerts = milestones.milestones(start, end, drillOnly, consulate);
            List<ResponseKpis.Group> byDistrict = ResponseKpis.compute(alerts, ResponseKpis.GroupBy.DISTRICT);
            List<ResponseKpis.Group> byType = ResponseKpis.compute(alerts, ResponseKpis.GroupBy.ALERT_TYPE);
            List<ExplorerCharts.BarChart> districtCharts = new ArrayList<>();
            List<ExplorerCharts.BarChart> typeCharts = new ArrayList<>();
            List<ExplorerCharts.Histogram> histograms = new ArrayList<>();
            for (AlertMilestones.Step step : AlertMilestones.Step.values()) {
                districtCharts.add(ExplorerCharts.bars(stepName(step), byDistrict, step));
                typeCharts.add(ExplorerCharts.bars(stepName(step), byType, step));
                histograms.add(ExplorerCharts.histogram(stepName(step), alerts, step));
            }
            model.addAttribute("alerts", alerts.size());
            model.addAttribute("districtCharts", districtCharts);
            model.addAttribute("typeCharts", typeCharts);
            model.addAttribute("histograms", histograms);
        } catch (InvalidQueryException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "explorer/kpis";
    }

    /** The chain recomputed now, and the newest signed checkpoint (staff only). */
    @GetMapping("/chain")
    String chain(Model model) {
        model.addAttribute("page", "chain");
        model.addAttribute("verification", trail.verify());
        model.addAttribute("checkpoint", checkpoints.latest().orElse(null));
        model.addAttribute("keyId", checkpoints.signer().keyId());
        model.addAttribute("checkedAt", ExplorerRows.time(clock.instant()));
        return "explorer/chain";
    }

    /** The monthly report of a consulate: shown in a frame, and as PDF. */
    @GetMapping("/reports")
    String reports(
            @RequestParam(required = false) String consulateId,
            @RequestParam(required = false) String month,
            Model model) {
        model.addAttribute("page", "reports");
        Caller caller = access.caller();
        String consulate = caller.isConsulate() ? caller.consulateId() : consulateId;
        String period = month == null || month.isBlank()
                ? YearMonth.from(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))
                        .toString()
                : month;
        model.addAttribute("consulateId", consulate == null ? "" : consulate);
        model.addAttribute("month", period);
        if (consulate != null && !consulate.isBlank()) {
            ExplorerTrailQuery none = new ExplorerTrailQuery(
                    null, null, null, null, null, null, null, null, null, null, null, null, null);
            model.addAttribute(
                    "htmlHref",
                    none.link(
                            "/explorer/reports/monthly",
                            Map.of("consulateId", consulate, "month", period, "format", "html")));
            model.addAttribute(
                    "pdfHref",
                    none.link(
                            "/explorer/reports/monthly",
                            Map.of("consulateId", consulate, "month", period, "format", "pdf")));
        }
        return "explorer/reports";
    }

    @GetMapping("/reports/monthly")
    ResponseEntity<?> monthly(
            @RequestParam(required = false) String consulateId,
            @RequestParam String month,
            @RequestParam(defaultValue = "html") String format,
            HttpServletResponse response) {
        // the report's HTML has its own inline style sheet; it is shown sandboxed, in a frame of the report page
        response.setHeader("Content-Security-Policy", ExplorerHeaders.REPORT_POLICY);
        return reports.render(access.caller(), consulateId, month, format);
    }

    /** The filtered trail as a download (the API's CSV or NDJSON). */
    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(
            @ModelAttribute ExplorerTrailQuery query, @RequestParam(defaultValue = "csv") String format) {
        return ExportController.download(trail, access.scope(query.toFilter()), format);
    }

    /** The keyset parameter of a paging link, and the page size when one was asked for. */
    private static Map<String, Object> paging(String keyset, long seq, ExplorerTrailQuery query) {
        Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        if (keyset != null) {
            parameters.put(keyset, seq);
        }
        if (query.limit() != null) {
            parameters.put("limit", query.limit());
        }
        return parameters;
    }

    private static Instant day(String name, String text) {
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            return ExplorerTrailQuery.instant(name, text);
        }
    }

    private static String stepName(AlertMilestones.Step step) {
        return switch (step) {
            case ACCEPT -> "Accepted by a control room";
            case DISPATCH -> "Units dispatched";
            case UNIT_ACKNOWLEDGEMENT -> "Unit acknowledged";
            case ON_SCENE -> "Unit on scene";
        };
    }
}
