package sos.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** The benchmark's result as markdown: every system side by side per phase, then the pipeline's ratios. */
final class ResultTable {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 100};

    private ResultTable() {}

    static String markdown(List<Measurement> measurements) {
        StringBuilder md = new StringBuilder();
        md.append("| phase | system | rate/s | alerts | failed | not notified |"
                + " e2e p50 | p90 | p99 | p99.9 | max | POST p50 | p90 | p99 | p99.9 | max |"
                + " CPU µs/alert | cores | RSS MiB |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: |"
                + " ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Measurement m : measurements) {
            Join.Result r = m.result();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,d | %,d | %,d | %,d |%s%s %.0f | %.2f | %,d |%n",
                    m.phase(),
                    m.system(),
                    m.rate(),
                    r.sent(),
                    r.failed(),
                    r.notNotified(),
                    cells(r.endToEnd()),
                    cells(r.post()),
                    m.cpuMicrosPerAlert(),
                    m.cores(),
                    m.rssKib() / 1024));
        }
        md.append("\nLatencies in ms: e2e from the POST's scheduled send time to the first notification at the"
                + " receiver, POST from the scheduled send time to the answer.\n\n");
        md.append("| phase | rate/s | pipeline / floor p50 | pipeline / floor p99 |"
                + " pipeline / Alertmanager p50 | pipeline / Alertmanager p99 |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        Map<String, List<Measurement>> byPhase = new LinkedHashMap<>();
        measurements.forEach(m -> byPhase.computeIfAbsent(m.phase() + "@" + m.rate(), k -> new ArrayList<>())
                .add(m));
        for (List<Measurement> phase : byPhase.values()) {
            Optional<Measurement> pipeline = find(phase, Measurement.PIPELINE);
            if (pipeline.isEmpty()) {
                continue;
            }
            Histogram ours = pipeline.get().result().endToEnd();
            Optional<Measurement> floor = find(phase, Measurement.FLOOR);
            Optional<Measurement> peer = find(phase, Measurement.PEER);
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %s | %s | %s | %s |%n",
                    phase.get(0).phase(),
                    phase.get(0).rate(),
                    ratio(ours, floor, 50),
                    ratio(ours, floor, 99),
                    ratio(ours, peer, 50),
                    ratio(ours, peer, 99)));
        }
        return md.toString();
    }

    private static String cells(Histogram histogram) {
        StringBuilder cells = new StringBuilder();
        for (double percentile : PERCENTILES) {
            cells.append(
                    histogram.getTotalCount() == 0
                            ? " - |"
                            : String.format(Locale.ROOT, " %.2f |", Measurement.ms(histogram, percentile)));
        }
        return cells.toString();
    }

    private static Optional<Measurement> find(List<Measurement> phase, String system) {
        return phase.stream().filter(m -> m.system().equals(system)).findFirst();
    }

    private static String ratio(Histogram ours, Optional<Measurement> other, double percentile) {
        if (other.isEmpty()
                || ours.getTotalCount() == 0
                || other.get().result().endToEnd().getTotalCount() == 0) {
            return "-";
        }
        double theirs = Math.max(1, other.get().result().endToEnd().getValueAtPercentile(percentile));
        return String.format(Locale.ROOT, "%.2f", ours.getValueAtPercentile(percentile) / theirs);
    }
}
