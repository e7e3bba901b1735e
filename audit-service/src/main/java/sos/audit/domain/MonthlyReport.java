package sos.audit.domain;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The monthly report for one consulate: its alerts and drills, response times against targets (overall and by
 * district), and what is unresolved. Rendered as HTML by {@link #html()}, every value escaped (the PDF is rendered
 * from the same figures by the adapter).
 */
public record MonthlyReport(
        String consulateId,
        String consulateName,
        YearMonth month,
        List<AlertMilestones> alerts,
        Map<AlertMilestones.Step, Duration> targets) {

    public MonthlyReport {
        Objects.requireNonNull(consulateId, "consulateId");
        Objects.requireNonNull(month, "month");
        alerts = List.copyOf(alerts);
        targets = Map.copyOf(targets);
    }

    /** A report whose consulate's name is not known. */
    public MonthlyReport(
            String consulateId,
            YearMonth month,
            List<AlertMilestones> alerts,
            Map<AlertMilestones.Step, Duration> targets) {
        this(consulateId, null, month, alerts, targets);
    }

    /** The consulate as the report names it: its name and id, or its id alone when no name is on record. */
    public String title() {
        return consulateName == null || consulateName.isBlank()
                ? consulateId
                : consulateName + " (" + consulateId + ")";
    }

    /** One line of the response-time table: a step's figures over the live alerts, its target and how many met it. */
    public record StepLine(
            AlertMilestones.Step step, ResponseKpis.Figures figures, Duration target, long within, long reached) {

        public String label() {
            return step.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public List<StepLine> responseTimes() {
        List<ResponseKpis.Group> groups = ResponseKpis.compute(live(alerts), ResponseKpis.GroupBy.ALL);
        Map<AlertMilestones.Step, long[]> within = withinTarget();
        List<StepLine> lines = new ArrayList<>();
        for (AlertMilestones.Step step : AlertMilestones.Step.values()) {
            ResponseKpis.Figures figures = groups.isEmpty()
                    ? new ResponseKpis.Figures(0, null, null)
                    : groups.get(0).steps().get(step);
            long[] w = within.getOrDefault(step, new long[] {0, 0});
            lines.add(new StepLine(step, figures, targets.get(step), w[0], w[1]));
        }
        return lines;
    }

    /** Live alerts by district ({@code unknown} when the alert named none), with their response-time figures. */
    public List<ResponseKpis.Group> byDistrict() {
        return ResponseKpis.compute(live(alerts), ResponseKpis.GroupBy.DISTRICT);
    }

    private static List<AlertMilestones> live(List<AlertMilestones> alerts) {
        return alerts.stream().filter(a -> !a.drill()).toList();
    }

    public long live() {
        return alerts.stream().filter(a -> !a.drill()).count();
    }

    public long drills() {
        return alerts.stream().filter(AlertMilestones::drill).count();
    }

    /** Live alerts with no end on record: neither an {@code AlertResolved} nor an {@code AlertCancelled}. */
    public List<AlertMilestones> unresolved() {
        return alerts.stream().filter(a -> !a.drill() && a.resolvedAt() == null).toList();
    }

    /** For each step with a target: how many live alerts reached it within the target, of those that reached it. */
    public Map<AlertMilestones.Step, long[]> withinTarget() {
        Map<AlertMilestones.Step, long[]> result = new EnumMap<>(AlertMilestones.Step.class);
        targets.forEach((step, target) -> {
            long reached = 0;
            long within = 0;
            for (AlertMilestones alert : alerts) {
                Double seconds = alert.drill() ? null : alert.secondsTo(step);
                if (seconds != null) {
                    reached++;
                    if (seconds <= target.toSeconds()) {
                        within++;
                    }
                }
            }
            result.put(step, new long[] {within, reached});
        });
        return result;
    }

    public String html() {
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SOS monthly report ")
                .append(escape(title()))
                .append(' ')
                .append(month)
                .append("</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #999;padding:4px 8px;text-align:left}</style></head><body>\n");
        out.append("<h1>Monthly report: ")
                .append(escape(title()))
                .append(", ")
                .append(month)
                .append("</h1>\n");
        out.append("<h2>Alerts and drills</h2>\n<p>Live alerts: <b id=\"live\">")
                .append(live())
                .append("</b>. Drills: <b id=\"drills\">")
                .append(drills())
                .append("</b>.</p>\n");
        out.append("<h2>Response times (live alerts)</h2>\n<table id=\"kpis\"><tr><th>step</th><th>alerts</th>"
                + "<th>p50 (s)</th><th>p90 (s)</th><th>target (s)</th><th>within target</th></tr>\n");
        for (StepLine line : responseTimes()) {
            out.append("<tr><td>")
                    .append(line.label())
                    .append("</td><td>")
                    .append(line.figures().count())
                    .append("</td><td>")
                    .append(number(line.figures().p50Seconds()))
                    .append("</td><td>")
                    .append(number(line.figures().p90Seconds()))
                    .append("</td><td>")
                    .append(
                            line.target() == null
                                    ? ""
                                    : Long.toString(line.target().toSeconds()))
                    .append("</td><td>")
                    .append(line.target() == null ? "" : line.within() + " of " + line.reached())
                    .append("</td></tr>\n");
        }
        out.append("</table>\n<h2>By district (live alerts)</h2>\n<table id=\"districts\"><tr><th>district</th>"
                + "<th>alerts</th><th>dispatch p50 (s)</th><th>on scene p50 (s)</th></tr>\n");
        for (ResponseKpis.Group group : byDistrict()) {
            out.append("<tr><td>")
                    .append(escape(group.group()))
                    .append("</td><td>")
                    .append(group.alerts())
                    .append("</td><td>")
                    .append(number(
                            group.steps().get(AlertMilestones.Step.DISPATCH).p50Seconds()))
                    .append("</td><td>")
                    .append(number(
                            group.steps().get(AlertMilestones.Step.ON_SCENE).p50Seconds()))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n<h2>Unresolved</h2>\n<ul id=\"unresolved\">\n");
        for (AlertMilestones alert : unresolved()) {
            out.append("<li>").append(escape(describe(alert))).append("</li>\n");
        }
        out.append("</ul>\n<h2>All alerts</h2>\n<table><tr><th>alert</th><th>type</th><th>district</th><th>drill</th>"
                + "<th>raised</th><th>dispatch (s)</th><th>on scene (s)</th><th>resolved</th></tr>\n");
        for (AlertMilestones alert : alerts) {
            out.append("<tr><td>")
                    .append(escape(alert.alertId().toString()))
                    .append("</td><td>")
                    .append(escape(nullToEmpty(alert.alertType())))
                    .append("</td><td>")
                    .append(escape(nullToEmpty(alert.district())))
                    .append("</td><td>")
                    .append(alert.drill() ? "drill" : "live")
                    .append("</td><td>")
                    .append(alert.raisedAt().atOffset(ZoneOffset.UTC))
                    .append("</td><td>")
                    .append(number(alert.secondsTo(AlertMilestones.Step.DISPATCH)))
                    .append("</td><td>")
                    .append(number(alert.secondsTo(AlertMilestones.Step.ON_SCENE)))
                    .append("</td><td>")
                    .append(alert.resolvedAt() == null ? "no" : "yes")
                    .append("</td></tr>\n");
        }
        out.append("</table>\n</body></html>\n");
        return out.toString();
    }

    /** An unresolved alert in words: id, type, district, when raised. */
    public static String describe(AlertMilestones alert) {
        return alert.alertId() + " (" + nullToEmpty(alert.alertType())
                + (alert.district() == null ? "" : ", " + alert.district()) + ", raised "
                + alert.raisedAt().atOffset(ZoneOffset.UTC) + ")";
    }

    /** Seconds with one decimal, or a dash when not reached. */
    public static String seconds(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String number(Double value) {
        return value == null ? "&ndash;" : seconds(value);
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
