package sos.audit.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Response-time KPIs: for each group (consulate, alert type, district, or all alerts; alerts without a district are
 * grouped as {@code unknown}) and each step, how many alerts reached it
 * and the 50th and 90th percentile of the seconds it took, interpolated as PostgreSQL's {@code percentile_cont} does.
 */
public final class ResponseKpis {

    private ResponseKpis() {}

    public enum GroupBy {
        ALL(m -> "all"),
        CONSULATE(m -> m.consulateId() == null ? "unknown" : m.consulateId()),
        ALERT_TYPE(m -> m.alertType() == null ? "unknown" : m.alertType()),
        DISTRICT(m -> m.district() == null ? "unknown" : m.district());

        private final Function<AlertMilestones, String> key;

        GroupBy(Function<AlertMilestones, String> key) {
            this.key = key;
        }

        public static GroupBy parse(String text) {
            if (text == null) {
                return ALL;
            }
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "all" -> ALL;
                case "consulate" -> CONSULATE;
                case "alerttype", "alert_type", "type" -> ALERT_TYPE;
                case "district" -> DISTRICT;
                default -> throw new InvalidQueryException("groupBy must be all, consulate, alertType or district");
            };
        }
    }

    /** One step's figures; the percentiles are null when no alert reached the step. */
    public record Figures(long count, Double p50Seconds, Double p90Seconds) {}

    public record Group(String group, long alerts, Map<AlertMilestones.Step, Figures> steps) {}

    public static List<Group> compute(List<AlertMilestones> alerts, GroupBy groupBy) {
        Map<String, List<AlertMilestones>> groups = new TreeMap<>();
        for (AlertMilestones alert : alerts) {
            groups.computeIfAbsent(groupBy.key.apply(alert), k -> new ArrayList<>())
                    .add(alert);
        }
        List<Group> result = new ArrayList<>();
        groups.forEach((name, members) -> {
            Map<AlertMilestones.Step, Figures> steps = new EnumMap<>(AlertMilestones.Step.class);
            for (AlertMilestones.Step step : AlertMilestones.Step.values()) {
                List<Double> seconds = new ArrayList<>();
                for (AlertMilestones member : members) {
                    Double value = member.secondsTo(step);
                    if (value != null) {
                        seconds.add(value);
                    }
                }
                seconds.sort(Double::compare);
                steps.put(
                        step, new Figures(seconds.size(), percentileCont(seconds, 0.5), percentileCont(seconds, 0.9)));
            }
            result.add(new Group(name, members.size(), steps));
        });
        return result;
    }

    /** The continuous percentile of sorted values: linear interpolation between the two nearest ranks. */
    public static Double percentileCont(List<Double> sorted, double fraction) {
        if (sorted.isEmpty()) {
            return null;
        }
        double position = fraction * (sorted.size() - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        double weight = position - lower;
        return sorted.get(lower) + (sorted.get(upper) - sorted.get(lower)) * weight;
    }
}
