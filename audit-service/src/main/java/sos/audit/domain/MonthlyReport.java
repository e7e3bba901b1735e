package sos.audit.domain;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The monthly report for one consulate: its alerts and drills, response times against targets, and what is still
 * open. Rendered as HTML by {@link #html()}, every value escaped.
 */
public record MonthlyReport(
        String consulateId,
        YearMonth month,
        List<AlertMilestones> alerts,
        Map<AlertMilestones.Step, Duration> targets) {

    public MonthlyReport {
        Objects.requireNonNull(consulateId, "consulateId");
        Objects.requireNonNull(month, "month");
        alerts = List.copyOf(alerts);
        targets = Map.copyOf(targets);
    }

    public long live() {
        return alerts.stream().filter(a -> !a.drill()).count();
    }

    public long drills() {
        return alerts.stream().filter(AlertMilestones::drill).count();
    }

    /** Live alerts with no end on record (not cancelled, no unit cleared). */
    public List<AlertMilestones> unresolved() {
        return alerts.stream().filter(a -> !a.drill() && a.closedAt() == null).toList();
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
                .append(escape(consulateId))
                .append(' ')
                .append(month)
                .append("</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #999;padding:4px 8px;text-align:left}</style></head><body>\n");
        out.append("<h1>Monthly report: ")
                .append(escape(consulateId))
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
        List<ResponseKpis.Group> groups =
                ResponseKpis.compute(alerts.stream().filter(a -> !a.drill()).toList(), ResponseKpis.GroupBy.ALL);
        Map<AlertMilestones.Step, long[]> within = withinTarget();
        for (AlertMilestones.Step step : AlertMilestones.Step.values()) {
            ResponseKpis.Figures figures = groups.isEmpty()
                    ? new ResponseKpis.Figures(0, null, null)
                    : groups.get(0).steps().get(step);
            Duration target = targets.get(step);
            long[] w = within.get(step);
            out.append("<tr><td>")
                    .append(step.name().toLowerCase().replace('_', ' '))
                    .append("</td><td>")
                    .append(figures.count())
                    .append("</td><td>")
                    .append(number(figures.p50Seconds()))
                    .append("</td><td>")
                    .append(number(figures.p90Seconds()))
                    .append("</td><td>")
                    .append(target == null ? "" : Long.toString(target.toSeconds()))
                    .append("</td><td>")
                    .append(w == null ? "" : w[0] + " of " + w[1])
                    .append("</td></tr>\n");
        }
        out.append("</table>\n<h2>Unresolved</h2>\n<ul id=\"unresolved\">\n");
        for (AlertMilestones alert : unresolved()) {
            out.append("<li>")
                    .append(escape(alert.alertId().toString()))
                    .append(" (")
                    .append(escape(alert.alertType() == null ? "" : alert.alertType()))
                    .append(", raised ")
                    .append(alert.raisedAt().atOffset(ZoneOffset.UTC))
                    .append(")</li>\n");
        }
        out.append("</ul>\n<h2>All alerts</h2>\n<table><tr><th>alert</th><th>type</th><th>drill</th><th>raised</th>"
                + "<th>dispatch (s)</th><th>on scene (s)</th></tr>\n");
        for (AlertMilestones alert : alerts) {
            out.append("<tr><td>")
                    .append(escape(alert.alertId().toString()))
                    .append("</td><td>")
                    .append(escape(alert.alertType() == null ? "" : alert.alertType()))
                    .append("</td><td>")
                    .append(alert.drill() ? "drill" : "live")
                    .append("</td><td>")
                    .append(alert.raisedAt().atOffset(ZoneOffset.UTC))
                    .append("</td><td>")
                    .append(number(alert.secondsTo(AlertMilestones.Step.DISPATCH)))
                    .append("</td><td>")
                    .append(number(alert.secondsTo(AlertMilestones.Step.ON_SCENE)))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n</body></html>\n");
        return out.toString();
    }

    private static String number(Double value) {
        return value == null ? "&ndash;" : String.format(java.util.Locale.ROOT, "%.1f", value);
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
